using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;

namespace CustomerData.Monitors.Report;

/// <summary>Reads every check's results over a span from the history store and pairs them with their definitions.</summary>
internal static class ReportBuilder
{
    public static async Task<ReportModel> BuildAsync(
        MonitorConfig config, IEnumerable<CheckDefinition> checks, IHistoryStore history, DateTimeOffset now, Duration span,
        CancellationToken cancellationToken)
    {
        var selected = checks.ToList();

        // Two statements for the whole page, whatever the number of checks (one per check took most of the time at 10,000).
        var read = await history.ReadSpanAsync([.. selected.Select(c => c.Name)], now - span.Value, cancellationToken).ConfigureAwait(false);
        var results = selected.Select(check => new ReportCheck(
            check, Catalog.Default.CheckKindOf(check).TypeName, OwnerOf(check, config), read.PointsOf(check.Name), read.LastOf(check.Name), Thresholds(check)));
        return new ReportModel(now, TimeZones.Find(config.Defaults.Timezone), span, [.. results]);
    }

    public static string OwnerOf(CheckDefinition check, MonitorConfig config) =>
        config.OwnerOf(check) ?? "(no owner)";

    /// <summary>The static bounds of a check, in the unit of its recorded value (seconds of lag, rows, a ratio).</summary>
    public static IReadOnlyList<ThresholdLine> Thresholds(CheckDefinition check)
    {
        var lines = new List<ThresholdLine>();
        switch (check)
        {
            case FreshnessCheckDefinition freshness:
                Add(lines, CheckStatus.Warning, freshness.WarnAfter?.Value.TotalSeconds, $"warning after {freshness.WarnAfter}");
                Add(lines, CheckStatus.Critical, freshness.CriticalAfter?.Value.TotalSeconds, $"critical after {freshness.CriticalAfter}");
                break;
            case VolumeCheckDefinition volume:
                Add(lines, CheckStatus.Warning, volume.Warn?.Min, "warning below");
                Add(lines, CheckStatus.Warning, volume.Warn?.Max, "warning above");
                Add(lines, CheckStatus.Critical, volume.Critical?.Min, "critical below");
                Add(lines, CheckStatus.Critical, volume.Critical?.Max, "critical above");
                break;
            case NullRateCheckDefinition nullRate:
                Add(lines, CheckStatus.Warning, nullRate.Warn?.Max, "warning above");
                Add(lines, CheckStatus.Critical, nullRate.Critical?.Max, "critical above");
                break;
            default:
                break;
        }

        return lines;
    }

    private static void Add(List<ThresholdLine> lines, CheckStatus level, double? value, string label)
    {
        if (value is { } v)
        {
            lines.Add(new ThresholdLine(level, v, label.Contains(" after ", StringComparison.Ordinal) ? label : $"{label} {ReportText.Number(v)}"));
        }
    }
}
