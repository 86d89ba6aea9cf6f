namespace CustomerData.Benchmarks.Report;

/// <summary>Everything one benchmark run produced, for the report.</summary>
internal sealed record BenchmarkRun(string Command, DateTimeOffset Started, MachineInfo Machine, string LoadAtStart, string LoadAtEnd, TimeSpan Elapsed, IReadOnlyList<ItemResult> Items);
