using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.Report;

/// <summary>
/// Writes the report as one self-contained HTML page: inline style, script and SVG, no external reference. Every
/// value from checks.json or the history is HTML-escaped; runbooks are links only when they are http(s) URLs.
/// </summary>
internal static class HtmlReportWriter
{
    public const string Title = "CustomerData Monitor report";

    private static readonly string[] Statuses = ["critical", "unknown", "warning", "ok", "none"];

    public static void Write(TextWriter writer, ReportModel model)
    {
        var zone = ReportText.Html(model.Zone.Id);
        var checks = model.Checks;
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        writer.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{ReportAssets.ContentSecurityPolicy}\">");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        writer.Write($"<title>{Title}</title><style>{ReportAssets.Style}</style></head><body>\n");
        writer.Write($"<h1>{Title}</h1><p class=\"meta\">Generated <time>{ReportText.Html(ReportText.Time(model.GeneratedAt, model.Zone))}</time>");
        writer.Write($" · times in <strong id=\"zone\">{zone}</strong> · charts over the last {ReportText.Html(model.Span.ToString())}");
        writer.Write($" (since {ReportText.Html(ReportText.Time(model.Start, model.Zone))}) · {checks.Count} checks</p>\n");

        writer.Write("<div class=\"counts\" id=\"counts\">");
        foreach (var status in Statuses)
        {
            var count = checks.Count(c => c.StatusKey == status);
            writer.Write($"<span class=\"count {status}\" data-count=\"{status}\">{count} {StatusLabel(status)}</span>");
        }

        writer.Write("</div>\n");
        WriteFilters(writer, checks);
        WriteOverview(writer, model);
        writer.Write("<h2>Checks</h2>\n");
        foreach (var check in Ordered(checks))
        {
            WriteCheck(writer, check, model);
        }

        writer.Write($"<script>{ReportAssets.Script}</script></body></html>\n");
    }

    /// <summary>Failing first (critical, unknown, warning, never run, ok), then by owner, table and name.</summary>
    public static IEnumerable<ReportCheck> Ordered(IEnumerable<ReportCheck> checks) =>
        checks.OrderBy(c => c.Severity).ThenBy(c => c.Owner, StringComparer.Ordinal)
            .ThenBy(c => c.Definition.Table, StringComparer.Ordinal).ThenBy(c => c.Definition.Name, StringComparer.Ordinal);

    public static string StatusLabel(string status) => status == "none" ? "no result" : status;

    private static void WriteFilters(TextWriter writer, IReadOnlyList<ReportCheck> checks)
    {
        writer.Write("<div class=\"filters\">");
        Select(writer, "owner", "every owner", checks.Select(c => c.Owner));
        Select(writer, "tag", "every tag", checks.SelectMany(c => c.Definition.Tags));
        Select(writer, "source", "every source", checks.Select(c => c.Definition.Source));
        writer.Write("<label>Status <select id=\"filter-status\"><option value=\"\">every status</option>");
        foreach (var status in Statuses)
        {
            writer.Write($"<option value=\"{status}\">{StatusLabel(status)}</option>");
        }

        writer.Write("</select></label>");
        writer.Write("<label>Search <input id=\"filter-search\" type=\"search\" placeholder=\"name, table, description\"></label>");
        writer.Write($"<span class=\"meta\"><span id=\"shown\">{checks.Count}</span> shown</span></div>\n");
    }

    private static void Select(TextWriter writer, string id, string all, IEnumerable<string> values)
    {
        writer.Write($"<label>{char.ToUpperInvariant(id[0])}{id[1..]} <select id=\"filter-{id}\"><option value=\"\">{all}</option>");
        foreach (var value in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var text = ReportText.Html(value);
            writer.Write($"<option value=\"{text}\">{text}</option>");
        }

        writer.Write("</select></label>");
    }

    private static void WriteOverview(TextWriter writer, ReportModel model)
    {
        // Fixed column widths: the browser lays out 10,000 rows without measuring every cell first.
        writer.Write("<h2>Overview</h2><table id=\"overview\"><colgroup><col class=\"c-status\"><col><col><col class=\"c-value\"><col>");
        writer.Write("<col class=\"c-time\"><col class=\"c-time\"></colgroup><thead><tr><th>Status</th><th>Check</th><th>Table</th>");
        writer.Write("<th>Value</th><th>Expected</th><th>Failing since</th><th>Last run</th></tr></thead>\n");
        var groups = model.Checks.GroupBy(c => c.Owner, StringComparer.Ordinal)
            .OrderBy(g => g.Min(c => c.Severity)).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var owner = ReportText.Html(group.Key);
            var failing = group.Count(c => c.Severity < 3);
            writer.Write($"<tbody data-group=\"{owner}\"><tr class=\"owner\"><th colspan=\"7\">{owner}");
            writer.Write($" <span class=\"meta\">{group.Count()} check{(group.Count() == 1 ? string.Empty : "s")}, {failing} failing</span></th></tr>\n");
            foreach (var check in Ordered(group))
            {
                var last = check.Last;
                var name = ReportText.Html(check.Definition.Name);
                writer.Write("<tr");
                WriteData(writer, check);
                writer.Write($"><td><span class=\"badge {check.StatusKey}\">{StatusLabel(check.StatusKey).ToUpperInvariant()}</span></td>");
                writer.Write($"<td><a href=\"#check-{name}\">{name}</a></td><td>{ReportText.Html(check.Definition.Table)}</td>");
                writer.Write($"<td class=\"num\">{ReportText.Html(last?.Observed ?? "-")}</td><td>{ReportText.Html(OverviewExpected(check))}</td>");
                writer.Write($"<td>{Since(check, model)}</td><td>{(last is null ? "never in the span" : ReportText.Html(ReportText.Time(last.MeasuredAt, model.Zone)))}</td></tr>\n");
            }

            writer.Write("</tbody>\n");
        }

        writer.Write("</table>\n");
    }

    private static void WriteCheck(TextWriter writer, ReportCheck check, ReportModel model)
    {
        var definition = check.Definition;
        var name = ReportText.Html(definition.Name);
        writer.Write($"<section class=\"check\" id=\"check-{name}\"");
        WriteData(writer, check);
        writer.Write($"><h3><span class=\"badge {check.StatusKey}\">{StatusLabel(check.StatusKey).ToUpperInvariant()}</span> {name}</h3>");

        // The rest (facts and chart) is made into elements by the page's script when the section comes into view: with
        // 10,000 checks, parsing and laying out every chart and list at load made the page slow to open. Until then it
        // waits, escaped, in an attribute, which the browser keeps as text.
        using var body = new StringWriter(CultureInfo.InvariantCulture);
        WriteBody(body, check, model);
        writer.Write("<div class=\"body\" data-html=\"");
        ReportText.WriteAttribute(writer, body.GetStringBuilder());
        writer.Write("\"></div></section>\n");
    }

    private static void WriteBody(TextWriter writer, ReportCheck check, ReportModel model)
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

        writer.Write($"<dt>Failing since</dt><dd>{Since(check, model)}</dd>");
        writer.Write("</dl><pre class=\"reproduce\">");
        writer.Write(ReportText.Html($"dotnet run --project monitors -- run --check {definition.Name} --format json"));
        writer.Write("</pre>");
        var withValue = check.History.Count(r => r.Value is not null);
        writer.Write($"<p class=\"meta\">{check.History.Count} results in the span, {withValue} with a value, ");
        writer.Write($"{check.History.Count(r => r.Status != CheckStatus.Ok)} not OK (marked).</p>");
        SvgChart.Write(writer, check, model);
    }

    private static void WriteData(TextWriter writer, ReportCheck check)
    {
        var d = check.Definition;
        var search = string.Join(' ', new[] { d.Name, d.Table, d.Source, check.Owner, d.Description ?? string.Empty }.Concat(d.Tags))
            .ToLowerInvariant();
        writer.Write($" data-check=\"{ReportText.Html(d.Name)}\" data-owner=\"{ReportText.Html(check.Owner)}\" data-source=\"{ReportText.Html(d.Source)}\"");
        writer.Write($" data-status=\"{check.StatusKey}\" data-tags=\"{ReportText.Html(string.Join('\n', d.Tags))}\" data-search=\"{ReportText.Html(search)}\"");
    }

    private static void Item(TextWriter writer, string term, string value) =>
        writer.Write($"<dt>{term}</dt><dd>{ReportText.Html(value)}</dd>");

    private static string Since(ReportCheck check, ReportModel model) => check.FailingSince switch
    {
        null => "-",
        ({ } at, true) => $"{ReportText.Html(ReportText.Time(at, model.Zone))} or earlier",
        ({ } at, false) => ReportText.Html(ReportText.Time(at, model.Zone)),
    };

    /// <summary>The overview's expected: the learned range of the last run ("2,400–3,100, learned"), else what it said.</summary>
    private static string OverviewExpected(ReportCheck check) => check.LearnedRange is { } range
        ? $"{ReportText.Range(range.Low, range.High)}, learned"
        : check.Last?.Expected ?? Expected(check);

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
