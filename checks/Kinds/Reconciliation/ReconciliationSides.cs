using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Kinds.Reconciliation;

/// <summary>
/// The two sides of a reconciliation as the engine reads them: the span both are compared over, and each side as a
/// definition of the kind it measures like (a volume for count and sum, a freshness for freshness_lag), so each source
/// validates it and takes its options from it (DynamoDB's time format) as it would for such a check of its own.
/// </summary>
internal static class ReconciliationSides
{
    public static ReconciliationCompare CompareOf(ReconciliationCheckDefinition check) => check.Compare ?? ReconciliationCompare.Count;

    /// <summary>A side as a check on its own source and table.</summary>
    public static CheckDefinition View(ReconciliationCheckDefinition check, ReconciliationSide side) => CompareOf(check) == ReconciliationCompare.FreshnessLag
        ? new FreshnessCheckDefinition
        {
            Name = check.Name, Source = side.Source, Table = side.Table, Filter = side.Filter, TimeFormat = side.TimeFormat,
            Column = side.TimeColumn ?? string.Empty, MaximumBytesBilled = check.MaximumBytesBilled,
        }
        : new VolumeCheckDefinition
        {
            Name = check.Name, Source = side.Source, Table = side.Table, Filter = side.Filter, TimeFormat = side.TimeFormat,
            TimeColumn = side.TimeColumn, Window = check.Window, WindowAlignment = check.WindowAlignment, MaximumBytesBilled = check.MaximumBytesBilled,
        };

    /// <summary>
    /// The span compared, on the side's time column: the window as a check of that window would resolve it at
    /// now − lag, so a trailing window is [now − lag − window, now − lag) and a complete one the last whole bucket that
    /// ended at least lag ago. Null without a window (or without the side's time column).
    /// </summary>
    public static TimeWindow? Window(ReconciliationCheckDefinition check, ReconciliationSide side, CheckContext context)
    {
        var shifted = context with { Now = context.Now - (check.Lag?.Value ?? TimeSpan.Zero) };
        return WindowResolver.Resolve(new VolumeCheckDefinition { Name = check.Name, TimeColumn = side.TimeColumn, Window = check.Window, WindowAlignment = check.WindowAlignment }, shifted);
    }

    /// <summary>The rows of a side a measure or a key sample looks at: its filter and the window on its time column.</summary>
    public static RowScope Scope(ReconciliationCheckDefinition check, ReconciliationSide side, CheckContext context) =>
        new(side.Filter, Window(check, side, context));

    /// <summary>What one side measures: its rows, the sum of its column, or its newest time.</summary>
    public static Input Input(ReconciliationCheckDefinition check, ReconciliationSide side, CheckContext context)
    {
        var scope = Scope(check, side, context);
        var measure = CompareOf(check) switch
        {
            ReconciliationCompare.Sum => new Measure(MeasureFunction.Sum, scope, side.Column),
            ReconciliationCompare.FreshnessLag => new Measure(MeasureFunction.NewestEpochMicros, scope, side.TimeColumn),
            _ => new Measure(MeasureFunction.RowCount, scope),
        };
        return new Input(side.Source, new TableTarget(side.Table), measure, View(check, side));
    }
}
