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
        var since = now - span.Value;
        var selected = checks.ToList();
        var results = new ReportCheck[selected.Count];

        // One read per check, as the history store offers; a few at a time, since each waits on its own connection.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, selected.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var check = selected[i];
                var records = await history.ReadAsync(check.Name, since, token).ConfigureAwait(false);
                results[i] = new ReportCheck(
                    check, Catalog.Default.CheckKindOf(check).TypeName, OwnerOf(check, config), records, Thresholds(check));
            }).ConfigureAwait(false);

        return new ReportModel(now, TimeZones.Find(config.Defaults.Timezone), span, results);
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
