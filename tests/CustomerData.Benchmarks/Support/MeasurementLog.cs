using CustomerData.Checks.Sql;

namespace CustomerData.Benchmarks.Support;

/// <summary>One measurement a source was asked for: its table, aggregates, statements, time, (when profiled) rows scanned and the measurement itself.</summary>
internal sealed record MeasurementLog(string Table, int Aggregates, int Statements, double Milliseconds, long? RowsScanned, IReadOnlyList<long?> Values, TableMeasurement Measurement);
