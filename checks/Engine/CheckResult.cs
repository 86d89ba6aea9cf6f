using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Engine;

/// <summary>The outcome of one check in one run.</summary>
/// <param name="Check">The check as defined.</param>
/// <param name="Status">OK, WARNING, CRITICAL or UNKNOWN.</param>
/// <param name="Value">The measured value (lag seconds, row count, null ratio), when there is one.</param>
/// <param name="Observed">The measurement in a few words ("1,833 rows", "8h12m old"), or "unknown".</param>
/// <param name="Message">One sentence for a human: what was seen against what was expected, or why it is unknown.</param>
/// <param name="Expected">The thresholds, as text.</param>
/// <param name="Duration">How long the measurement this check was part of took.</param>
/// <param name="Query">This check's own SQL (only its aggregates, over its own rows) with values written as literals, to
/// paste and run by hand; DynamoDB's request text for its own reads. Capped at <see cref="TextCap.QueryBytes"/>.</param>
/// <param name="MeasuredAt">When the run measured it.</param>
/// <param name="BytesProcessed">Bytes the warehouse read for the query, where it reports them (BigQuery); null otherwise.</param>
/// <param name="Cost">What the measurement cost and where to find it: bytes billed, job ids, read units, notes.</param>
/// <param name="Statement">The whole statement the check was measured with, shared by every check of that read (the same
/// string instance for all of them); null when the check was not measured.</param>
/// <param name="Snapshot">What the kind remembers for its next run (a schema check's columns), kept in the history store
/// and handed back as <see cref="PastResult.Snapshot"/>; null for kinds that keep nothing and for UNKNOWN results.</param>
public sealed record CheckResult(
    CheckDefinition Check,
    CheckStatus Status,
    double? Value,
    string Observed,
    string Message,
    string Expected,
    TimeSpan Duration,
    string? Query,
    DateTimeOffset MeasuredAt,
    long? BytesProcessed = null,
    MeasurementCost? Cost = null,
    string? Statement = null,
    string? Snapshot = null)
{
    /// <summary>The check's kind as checks.json names it ("freshness"), from the kind the run judged it with; publishers
    /// read it here instead of looking the kind up.</summary>
    public required string Type { get; init; }

    /// <summary>The Datadog metric <see cref="Value"/> is sent as; null when no kind judged the check.</summary>
    public string? ValueMetric { get; init; }

    /// <summary>The learned range (WARNING band) the value was judged against, when a learned threshold judged it.</summary>
    public double? ExpectedLow { get; init; }

    /// <summary>The upper end of <see cref="ExpectedLow"/>'s range.</summary>
    public double? ExpectedHigh { get; init; }

    /// <summary>Series buckets the history store keeps for the check's next runs (a learned threshold's training).</summary>
    public IReadOnlyList<Values.SeriesPoint> Series { get; init; } = [];

    /// <summary>The offending rows a failing check with sample_columns fetched after judging (null: none asked).</summary>
    public RowSample? Sample { get; init; }
}

/// <summary>The cost side of a result: bytes billed, job ids, read units, and notes on its own measures.</summary>
public sealed record MeasurementCost(long? BytesBilled, IReadOnlyList<string> JobIds, double? ReadUnits, string? Notes);
