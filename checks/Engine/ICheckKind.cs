using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Engine;

/// <summary>A kind of check: what it measures, how it judges the measurement, and what it demands of its definition.</summary>
public interface ICheckKind
{
    /// <summary>The value of "type" in checks.json.</summary>
    string TypeName { get; }

    /// <summary>The record its definitions deserialize into.</summary>
    Type DefinitionType { get; }

    /// <summary>The Datadog metric its measured value is sent as, such as customer_data.freshness.lag_seconds.</summary>
    string ValueMetric { get; }

    /// <summary>The aggregates this check needs from its own source and table, in the order <see cref="Evaluate"/> receives their values.</summary>
    IReadOnlyList<Measure> Measures(CheckDefinition check, CheckContext context);

    /// <summary>
    /// What this check reads, in the order <see cref="Evaluate"/> receives the values: by default its <see cref="Measures"/>
    /// on its own source and table. A kind reading elsewhere (two sources, a query) plans its inputs here.
    /// </summary>
    IReadOnlyList<Input> Inputs(CheckDefinition check, CheckContext context) => Input.OnOwnTable(check, Measures(check, context));

    /// <summary>Each table this check reads, as the definition its source validates and takes options from
    /// (<see cref="Sources.ISourceKind.ValidateCheck"/>, <see cref="Sources.ISourceKind.OptionsFor"/>), with the JSON path it
    /// is written at: by default the check itself at its own path; a reconciliation's two sides.</summary>
    IReadOnlyList<TableRead> Reads(CheckDefinition check, string path) => [new TableRead(check, path)];

    /// <summary>The thresholds as text, from the check's threshold strategy (a result carries it even when UNKNOWN).</summary>
    string Expected(CheckDefinition check);

    /// <summary>How far back this check's own results must be read before it is judged (null: not at all); the engine
    /// reads them once per run into <see cref="CheckContext.History"/>.</summary>
    TimeSpan? HistoryNeeded(CheckDefinition check) => null;

    /// <summary>The rows a failing check fetches to show what broke it (its sample_columns of its offending rows), or
    /// null when it lists no sample columns or its kind has no offending rows to show.</summary>
    SampleRequest? Sample(CheckDefinition check, CheckContext context) => null;

    /// <summary>Judges the measured values against the thresholds.</summary>
    Evaluation Evaluate(CheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context);

    /// <summary>Problems with a definition that its JSON shape cannot express (threshold order, missing thresholds).</summary>
    IEnumerable<ConfigProblem> Validate(CheckDefinition check, string path, DefaultsDefinition defaults);
}
