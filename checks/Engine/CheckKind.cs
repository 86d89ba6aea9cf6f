using CustomerData.Checks.Definitions;
using CustomerData.Checks.Kinds;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Engine;

/// <summary>Types the untyped <see cref="ICheckKind"/> calls for one definition record.</summary>
public abstract class CheckKind<TDefinition> : ICheckKind
    where TDefinition : CheckDefinition
{
    public abstract string TypeName { get; }

    public Type DefinitionType => typeof(TDefinition);

    public abstract string ValueMetric { get; }

    public IReadOnlyList<Measure> Measures(CheckDefinition check, CheckContext context) => Measures((TDefinition)check, context);

    public Evaluation Evaluate(CheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context) =>
        Evaluate((TDefinition)check, values, context);

    public IReadOnlyList<Input> Inputs(CheckDefinition check, CheckContext context) => Inputs((TDefinition)check, context);

    public TimeSpan? HistoryNeeded(CheckDefinition check) => HistoryNeeded((TDefinition)check);

    public IReadOnlyList<TableRead> Reads(CheckDefinition check, string path) => Reads((TDefinition)check, path);

    public string Expected(CheckDefinition check) => Threshold((TDefinition)check).Expected;

    public SampleRequest? Sample(CheckDefinition check, CheckContext context) =>
        check is SampledCheckDefinition { SampleColumns.Count: > 0 } sampled && Offending((TDefinition)check) is { } offending
            ? new SampleRequest(check.Table, WindowResolver.Scope(sampled, context), offending, [.. sampled.SampleColumns.Where(c => !sampled.PiiColumns.Contains(c))], sampled.SampleSize)
            : null;

    public IEnumerable<ConfigProblem> Validate(CheckDefinition check, string path, DefaultsDefinition defaults) =>
        Validate((TDefinition)check, path, defaults);

    protected abstract IReadOnlyList<Measure> Measures(TDefinition check, CheckContext context);

    /// <summary>How this check's number is judged (static bounds; a learned band later).</summary>
    protected abstract IThreshold Threshold(TDefinition check);

    protected abstract Evaluation Evaluate(TDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context);

    /// <summary>What the check reads; by default its <see cref="Measures(TDefinition, CheckContext)"/> on its own source and table.</summary>
    protected virtual IReadOnlyList<Input> Inputs(TDefinition check, CheckContext context) => Input.OnOwnTable(check, Measures(check, context));

    /// <summary>The tables the check reads, each as a definition its source validates, at its JSON path; by default itself.</summary>
    protected virtual IReadOnlyList<TableRead> Reads(TDefinition check, string path) => [new TableRead(check, path)];

    /// <summary>Which rows broke a failing check, for its failed-row sample (null: none to show).</summary>
    protected virtual RowCondition? Offending(TDefinition check) => null;

    /// <summary>How far back the check's own results are read before judging it (null: not at all).</summary>
    protected virtual TimeSpan? HistoryNeeded(TDefinition check) => null;

    protected abstract IEnumerable<ConfigProblem> Validate(TDefinition check, string path, DefaultsDefinition defaults);
}
