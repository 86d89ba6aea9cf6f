namespace CustomerData.Benchmarks.Support;

/// <summary>One measurement a source was asked for: its table, aggregates, statements, time and (when profiled) rows scanned.</summary>
internal sealed record MeasurementLog(string Table, int Aggregates, int Statements, double Milliseconds, long? RowsScanned, IReadOnlyList<long?> Values);
