namespace CustomerData.Benchmarks.Report;

/// <summary>One line of an item's table: a measure of this project beside its baseline from the same run, and the target.</summary>
/// <param name="Met">Whether the target is met; null where the line has no target.</param>
internal sealed record Measurement(string Metric, string Project, string Baseline, string Target = "—", bool? Met = null);
