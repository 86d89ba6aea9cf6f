namespace CustomerData.Benchmarks.Report;

/// <summary>Everything one benchmark run produced, for the report.</summary>
/// <param name="Alone">True when only some items ran (--items): their sections say so, and ReportMerge keeps the others.</param>
internal sealed record BenchmarkRun(string Command, DateTimeOffset Started, MachineInfo Machine, string LoadAtStart, string LoadAtEnd, TimeSpan Elapsed, IReadOnlyList<ItemResult> Items, bool Alone = false);
