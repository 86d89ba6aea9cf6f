using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CustomerData.Monitors.Report;

/// <summary>
/// Writes the report as one self-contained HTML page: inline style, script and SVG, no external reference. The page's
/// frame (title, zone, counts, filters, the overview's head) is HTML; the checks travel as one JSON data block (each
/// check's overview cells as text, its facts and chart as escaped markup) from which the page's script builds the
/// overview rows and the sections, the first screen at once and the rest in small steps after the page has loaded, so
/// 10,000 checks open in about a second. A page of up to 500 checks carries its rows and sections as HTML too
/// (<see cref="StaticChecks"/>). Every value from checks.json or the history is HTML-escaped or set as text.
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

        // Fixed column widths: the browser lays out the rows without measuring every cell first.
        writer.Write("<h2>Overview</h2><table id=\"overview\"><colgroup><col class=\"c-status\"><col><col><col class=\"c-value\"><col>");
        writer.Write("<col class=\"c-time\"><col class=\"c-time\"></colgroup><thead><tr><th>Status</th><th>Check</th><th>Table</th>");
        writer.Write("<th>Value</th><th>Expected</th><th>Failing since</th><th>Last run</th></tr></thead>");
        var ordered = Ordered(checks).ToList();
        var groups = model.Checks.GroupBy(c => c.Owner, StringComparer.Ordinal)
            .OrderBy(g => g.Min(c => c.Severity)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new OwnerGroup(g.Key, [.. Ordered(g)])).ToList();
        var bodies = RenderBodies(ordered, model);
        var plain = ordered.Count <= StaticChecks.Limit;
        if (plain)
        {
            StaticChecks.WriteRows(writer, groups, model);
        }

        writer.Write("</table>\n<noscript><p class=\"meta\">");
        writer.Write(plain
            ? "The charts are drawn by this page's own inline script, and the filters need it: allow JavaScript to see them."
            : "The overview and the checks are built by this page's own inline script: allow JavaScript to see them.");
        writer.Write("</p></noscript>\n<h2>Checks</h2><div id=\"checks\">");
        if (plain)
        {
            StaticChecks.WriteSections(writer, ordered, bodies);
        }

        writer.Write("</div>\n");
        WriteData(writer, ordered, groups, bodies, model);
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

    /// <summary>
    /// The data block: "checks" in the sections' order (failing first), each with its overview cells as plain text, its
    /// facts as markup and its chart as gzip-compressed SVG markup in base64; "groups" the overview's owners (failing owners first), each with the
    /// places of its checks in that list, in the overview's order.
    /// </summary>
    private static void WriteData(
        TextWriter writer, List<ReportCheck> ordered, List<OwnerGroup> groups, (string Facts, string Chart)[] bodies, ReportModel model)
    {
        var place = new Dictionary<ReportCheck, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < ordered.Count; i++)
        {
            place[ordered[i]] = i;
        }

        writer.Write("<script type=\"application/json\" id=\"report-data\">{\"checks\":[");
        for (var i = 0; i < ordered.Count; i++)
        {
            var check = ordered[i];
            var d = check.Definition;
            writer.Write(i == 0 ? "\n{" : ",\n{");
            Field(writer, "name", d.Name, first: true);
            Field(writer, "owner", check.Owner);
            Field(writer, "table", d.Table);
            Field(writer, "source", d.Source);
            Field(writer, "status", check.StatusKey);
            writer.Write(",\"tags\":[");
            for (var t = 0; t < d.Tags.Count; t++)
            {
                writer.Write(t == 0 ? string.Empty : ",");
                ScriptJson.String(writer, d.Tags[t]);
            }

            writer.Write(']');
            Field(writer, "search", string.Join(' ', new[] { d.Name, d.Table, d.Source, check.Owner, d.Description ?? string.Empty }.Concat(d.Tags)));
            Field(writer, "value", check.Last?.Observed ?? "-");
            Field(writer, "expected", CheckBody.OverviewExpected(check));
            Field(writer, "since", CheckBody.Since(check, model));
            Field(writer, "last", CheckBody.LastRun(check, model));
            Field(writer, "facts", bodies[i].Facts);
            Field(writer, "chart", bodies[i].Chart);
            writer.Write('}');
        }

        writer.Write("],\n\"groups\":[");
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            writer.Write(g == 0 ? "\n{" : ",\n{");
            Field(writer, "owner", group.Owner, first: true);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $",\"failing\":{group.Failing},\"checks\":["));
            writer.Write(string.Join(',', group.Checks.Select(c => place[c].ToString(CultureInfo.InvariantCulture))));
            writer.Write("]}");
        }

        writer.Write("]}</script>\n");
    }

    /// <summary>
    /// Every check's facts (markup) and chart (SVG markup, gzip-compressed, base64), made on all cores: the charts of
    /// 10,000 checks are most of the page, and their path data shrinks about three and a half times in gzip, which the
    /// browser unpacks itself (DecompressionStream) when it draws one.
    /// </summary>
    private static (string Facts, string Chart)[] RenderBodies(List<ReportCheck> ordered, ReportModel model)
    {
        var bodies = new (string, string)[ordered.Count];
        Parallel.For(0, ordered.Count, i =>
        {
            using var facts = new StringWriter(CultureInfo.InvariantCulture);
            CheckBody.WriteFacts(facts, ordered[i], model);
            using var packed = new MemoryStream();
            using (var zip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
            using (var chart = new StreamWriter(zip, new UTF8Encoding(false), 1 << 14))
            {
                SvgChart.Write(chart, ordered[i], model);
            }

            bodies[i] = (facts.ToString(), Convert.ToBase64String(packed.GetBuffer(), 0, (int)packed.Length));
        });
        return bodies;
    }

    private static void Field(TextWriter writer, string name, string value, bool first = false)
    {
        writer.Write(first ? "\"" : ",\"");
        writer.Write(name);
        writer.Write("\":");
        ScriptJson.String(writer, value);
    }
}
