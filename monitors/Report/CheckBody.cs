using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.Report;

/// <summary>
/// A check's facts as HTML: description, owner, runbook (a link only for http(s) URLs), tags, what it measures,
/// expected, last result, cost, failing since, how to reproduce (the chart is <see cref="SvgChart"/>'s). Every value
/// from checks.json or the history is HTML-escaped here; the page's script puts this markup in place when the check
/// comes into view.
/// </summary>
internal static class CheckBody
{
    public static void WriteFacts(TextWriter writer, ReportCheck check, ReportModel model)
    {
        var definition = check.Definition;
        if (!string.IsNullOrWhiteSpace(definition.Description))
        {
            writer.Write($"<p class=\"description\">{ReportText.Html(definition.Description)}</p>");
        }

        writer.Write("<dl>");
        Item(writer, "Type", $"{check.Type} on {definition.Source}:{definition.Table}{(definition.Enabled ? string.Empty : " (disabled)")}");
        Item(writer, "Owner", check.Owner);
        writer.Write("<dt>Runbook</dt><dd>");
        if (ReportText.IsWebLink(definition.Runbook))
        {
            var link = ReportText.Html(definition.Runbook);
            writer.Write($"<a class=\"runbook\" href=\"{link}\" rel=\"noreferrer noopener\">{link}</a>");
        }
        else
        {
            writer.Write(string.IsNullOrWhiteSpace(definition.Runbook) ? "none" : ReportText.Html(definition.Runbook));
        }

        writer.Write("</dd>");
        if (definition.Tags.Count > 0)
        {
            Item(writer, "Tags", string.Join(", ", definition.Tags));
        }

        Item(writer, "Measures", Measures(definition));
        Item(writer, "Expected", check.LearnedRange is { } range ? $"{ReportText.Range(range.Low, range.High)}, learned at the last run (the shaded band: each run's range); {Expected(check)}" : Expected(check));
        if (check.Last is { } last)
        {
            Item(writer, "Last result", $"{ReportText.Time(last.MeasuredAt, model.Zone)}: {last.Message}");
            Item(writer, "Cost per run", Cost(check));
        }

        Item(writer, "Failing since", Since(check, model));
        writer.Write("</dl><pre class=\"reproduce\">");
        writer.Write(ReportText.Html($"dotnet run --project monitors -- run --check {definition.Name} --format json"));
        writer.Write("</pre>");
        var withValue = check.History.Count(r => r.Value is { } value && double.IsFinite(value));
        writer.Write($"<p class=\"meta\">{check.History.Count} results in the span, {withValue} with a value, ");
        writer.Write($"{check.History.Count(r => r.Status != CheckStatus.Ok)} not OK (marked).</p>");
    }

    /// <summary>Plain text: the first result of the failure still going on, "or earlier" when that is the span's first.</summary>
    public static string Since(ReportCheck check, ReportModel model) => check.FailingSince switch
    {
        null => "-",
        ({ } at, true) => $"{ReportText.Time(at, model.Zone)} or earlier",
        ({ } at, false) => ReportText.Time(at, model.Zone),
    };

    /// <summary>The overview's last run: "2026-11-26 09:00 +01:00", or "never in the span".</summary>
    public static string LastRun(ReportCheck check, ReportModel model) =>
        check.Last is { } last ? ReportText.Time(last.MeasuredAt, model.Zone) : "never in the span";

    /// <summary>The overview's expected: the learned range of the last run ("2,400–3,100, learned"), else what it said.</summary>
    public static string OverviewExpected(ReportCheck check) => check.LearnedRange is { } range
        ? $"{ReportText.Range(range.Low, range.High)}, learned"
        : check.Last?.Expected ?? Expected(check);

    private static void Item(TextWriter writer, string term, string value) =>
        writer.Write($"<dt>{term}</dt><dd>{ReportText.Html(value)}</dd>");

    private static string Expected(ReportCheck check) =>
        check.Thresholds.Count == 0 ? "no threshold" : string.Join("; ", check.Thresholds.Select(t => t.Label));

    private static string Measures(CheckDefinition check)
    {
        var what = check switch
        {
            FreshnessCheckDefinition f => $"lag of the newest {f.Column}",
            VolumeCheckDefinition v => v.Window is { } w ? $"rows with {v.TimeColumn} in the last {w}" : "rows of the whole table",
            NullRateCheckDefinition n => n.Window is { } w ? $"NULL share of {n.Column} over the last {w} of {n.TimeColumn}" : $"NULL share of {n.Column}",
            SchemaCheckDefinition => "differences in the table's columns and types",
            SqlCheckDefinition => "the number its query returns",
            _ => check.GetType().Name,
        };
        return check.Filter is { Length: > 0 } filter ? $"{what}, where {filter}" : what;
    }

    private static string Cost(ReportCheck check)
    {
        var last = check.Last!;
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{last.DurationMs:0.#} ms") };
        if (last.BytesBilled is { } billed)
        {
            parts.Add($"{ReportText.Bytes(billed)} billed");
        }

        if (last.BytesProcessed is { } processed)
        {
            parts.Add($"{ReportText.Bytes(processed)} processed");
        }

        if (last.ReadUnits is { } units)
        {
            parts.Add($"{ReportText.Number(units)} read units");
        }

        return string.Join(", ", parts);
    }
}
