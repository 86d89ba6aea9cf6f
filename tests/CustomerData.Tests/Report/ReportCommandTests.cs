using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerData.Monitors.Cli;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Report;

/// <summary>`report` end to end: a real state.db in, the HTML page out, read as text.</summary>
[TestClass]
public sealed partial class ReportCommandTests
{
    [TestMethod]
    public async Task Writes_a_page_with_counts_by_status_failing_first_and_times_in_the_configured_zone()
    {
        var (html, outcome) = await RenderAsync();

        Assert.AreEqual(ExitCodes.Ok, outcome.ExitCode, outcome.Error);
        StringAssert.Contains(outcome.Error, "4 checks, 2 failing, over the last 30d.");
        foreach (var (status, count) in new[] { ("critical", 1), ("unknown", 0), ("warning", 1), ("ok", 1), ("none", 1) })
        {
            StringAssert.Contains(html, $"data-count=\"{status}\">{count} ");
        }

        // The zone is named, and instants are Paris wall-clock times with their offset.
        StringAssert.Contains(html, "<strong id=\"zone\">Europe/Paris</strong>");
        StringAssert.Contains(html, "Generated <time>2026-11-26 09:00 +01:00</time>");
        var rows = OverviewRow().Matches(html).Select(m => m.Groups[1].Value).ToList();
        CollectionAssert.AreEqual(new[] { "orders_volume", "events_freshness", "never_run", "emails_null_rate" }, rows);

        // Failing since: the first result of the failure still going on (critical for the last three days).
        var orders = Section(html, "orders_volume");
        StringAssert.Contains(orders, "<dt>Failing since</dt><dd>2026-11-24 08:00 +01:00</dd>");
        StringAssert.Contains(Section(html, "events_freshness"), "<dt>Failing since</dt><dd>2026-11-26 04:30 +01:00</dd>");
        StringAssert.Contains(orders, "<dt>Expected</dt><dd>warning below 50; critical below 20</dd>");
        StringAssert.Contains(orders, "<dt>Cost per run</dt><dd>12.5 ms, 10 MiB billed, 2 KiB processed</dd>");
        StringAssert.Contains(Section(html, "emails_null_rate"), "3.5 read units");
    }

    [TestMethod]
    public async Task Escapes_everything_from_the_configuration_and_links_only_http_runbooks()
    {
        var fixture = await ReportFixture.CreateAsync();
        var output = Path.Combine(fixture.DataDirectory, "report.html");
        Assert.AreEqual(ExitCodes.Ok, (await fixture.ReportAsync(output)).ExitCode);
        var raw = await File.ReadAllTextAsync(output);
        var html = Expanded(raw);

        // Two script elements: the data block, which no browser runs, and the page's own. The hostile description is text.
        CollectionAssert.AreEqual(
            new[] { "<script type=\"application/json\" id=\"report-data\">", "<script>" },
            Regex.Matches(raw, "<script[^>]*>", RegexOptions.IgnoreCase).Select(m => m.Value).ToArray());
        Assert.IsFalse(html.Contains("<img", StringComparison.OrdinalIgnoreCase));
        StringAssert.Contains(html, "Orders &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; &lt;img src=x onerror=alert(1)&gt;");
        StringAssert.Contains(html, "<a class=\"runbook\" href=\"https://wiki.example/runbooks/orders?team=sales&amp;x=1\"");
        Assert.IsFalse(html.Contains("href=\"javascript", StringComparison.OrdinalIgnoreCase));
        StringAssert.Contains(Section(html, "emails_null_rate"), "<dt>Runbook</dt><dd>javascript:alert(1)</dd>");

        // No address other than the configured runbook: nothing for a browser to fetch.
        var urls = Url().Matches(html).Select(m => m.Value).Distinct().ToList();
        CollectionAssert.AreEqual(new[] { "https://wiki.example/runbooks/orders?team=sales&amp;x=1" }, urls);
        StringAssert.Contains(html, "default-src 'none'");
    }

    [TestMethod]
    public async Task Charts_have_one_point_per_recorded_value_and_a_marker_per_failure()
    {
        var (html, _) = await RenderAsync();

        foreach (var (check, (rows, withValue)) in ReportFixture.Expected)
        {
            var section = Section(html, check);
            var path = PathData().Match(section).Groups[1].Value;
            Assert.AreEqual(withValue, Coordinate().Count(path), check);
            StringAssert.Contains(section, $"{rows} results in the span, {withValue} with a value");
        }

        // orders_volume: the UNKNOWN without a value starts a new segment and is marked, as are the 3 CRITICAL days.
        var orders = Section(html, "orders_volume");
        Assert.AreEqual(2, PathData().Match(orders).Groups[1].Value.Count(c => c == 'M'));
        Assert.AreEqual(3, Regex.Count(orders, "<circle class='mark critical'"));
        Assert.AreEqual(1, Regex.Count(orders, "<circle class='mark unknown'"));
        Assert.AreEqual(2, Regex.Count(orders, "<line class='threshold "));
    }

    [TestMethod]
    public async Task A_small_page_carries_its_rows_and_sections_as_html_too_for_readers_without_script()
    {
        var fixture = await ReportFixture.CreateAsync();
        var output = Path.Combine(fixture.DataDirectory, "report.html");
        Assert.AreEqual(ExitCodes.Ok, (await fixture.ReportAsync(output)).ExitCode);
        var raw = await File.ReadAllTextAsync(output);
        var html = raw[..raw.IndexOf("<script type=", StringComparison.Ordinal)];

        // The file as it is, before any script: the overview's rows in order and each section with its facts.
        CollectionAssert.AreEqual(new[] { "orders_volume", "events_freshness", "never_run", "emails_null_rate" }, OverviewRow().Matches(html).Select(m => m.Groups[1].Value).ToArray());
        StringAssert.Contains(html, "<tr data-check=\"orders_volume\" data-owner=\"order-data\" data-source=\"mem\" data-status=\"critical\"><td><span class=\"badge critical\">CRITICAL</span></td><td><a href=\"#check-orders_volume\">orders_volume</a></td>");
        StringAssert.Contains(Section(html, "orders_volume"), "<dt>Failing since</dt><dd>2026-11-24 08:00 +01:00</dd>");
        StringAssert.Contains(Section(html, "orders_volume"), "Orders &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;");
        Assert.AreEqual(4, Regex.Count(html, "<section class=\"check\""));
        Assert.IsFalse(html.Contains("<svg", StringComparison.Ordinal), "charts are drawn by the script only");
    }

    [TestMethod]
    public async Task Since_narrows_the_span_and_a_bad_duration_exits_2()
    {
        using var directory = new Datadog.TemporaryDirectory();
        var fixture = await ReportFixture.CreateAsync();
        var output = Path.Combine(directory.Path, "week.html");
        var outcome = await fixture.ReportAsync(output, "--since", "7d");
        Assert.AreEqual(ExitCodes.Ok, outcome.ExitCode, outcome.Error);
        StringAssert.Contains(Section(Expanded(await File.ReadAllTextAsync(output)), "orders_volume"), "7 results in the span, 7 with a value");

        var bad = await fixture.ReportAsync(output, "--since", "soon");
        Assert.AreEqual(ExitCodes.ConfigurationError, bad.ExitCode);
        StringAssert.Contains(bad.Error, "--since \"soon\" is not a duration");
    }

    internal static async Task<(string Html, CliOutcome Outcome)> RenderAsync()
    {
        var fixture = await ReportFixture.CreateAsync();
        var output = Path.Combine(fixture.DataDirectory, "report.html");
        var outcome = await fixture.ReportAsync(output);
        Assert.AreEqual(ExitCodes.Ok, outcome.ExitCode, outcome.Error);
        return (Expanded(await File.ReadAllTextAsync(output)), outcome);
    }

    internal static string Section(string html, string check)
    {
        var start = html.IndexOf($"<section class=\"check\" id=\"check-{check}\"", StringComparison.Ordinal);
        Assert.IsTrue(start >= 0, $"no section for {check}");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    /// <summary>
    /// The page as the browser shows it once its script has built every row and section and every check is opened,
    /// made in C# from the page's data block: overview rows (cells as escaped text, as the script sets them) in their
    /// groups, then each section with its facts and its chart, unpacked from gzip and base64; the block itself, which a
    /// browser does not show, left out.
    /// </summary>
    internal static string Expanded(string html)
    {
        var block = DataBlock().Match(html);
        Assert.IsTrue(block.Success, "the page has no data block");
        using var data = JsonDocument.Parse(block.Groups[1].Value);
        var checks = data.RootElement.GetProperty("checks").EnumerateArray().ToList();
        string Text(JsonElement check, string field) => WebUtility.HtmlEncode(check.GetProperty(field).GetString()!);
        var rows = new StringBuilder();
        foreach (var group in data.RootElement.GetProperty("groups").EnumerateArray())
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tbody data-group=\"{Text(group, "owner")}\">");
            foreach (var check in group.GetProperty("checks").EnumerateArray().Select(i => checks[i.GetInt32()]))
            {
                rows.Append(CultureInfo.InvariantCulture, $"<tr data-check=\"{Text(check, "name")}\"><td>{Text(check, "status")}</td><td>{Text(check, "name")}</td>");
                rows.Append(CultureInfo.InvariantCulture, $"<td>{Text(check, "table")}</td><td>{Text(check, "value")}</td><td>{Text(check, "expected")}</td><td>{Text(check, "since")}</td><td>{Text(check, "last")}</td></tr>");
            }

            rows.Append("</tbody>");
        }

        var sections = new StringBuilder();
        foreach (var check in checks)
        {
            sections.Append(CultureInfo.InvariantCulture, $"<section class=\"check\" id=\"check-{Text(check, "name")}\"><div class=\"body\">{check.GetProperty("facts").GetString()}");
            sections.Append(CultureInfo.InvariantCulture, $"{Inflate(check.GetProperty("chart").GetString()!)}</div></section>\n");
        }

        // A small page also carries its rows and sections (facts only) as HTML, which the script replaces: so does this.
        var frame = StaticContent().Replace(html.Replace(block.Value, string.Empty, StringComparison.Ordinal), "$1$2");
        return frame.Replace("</thead></table>", $"</thead>{rows}</table>", StringComparison.Ordinal)
            .Replace("<div id=\"checks\"></div>", $"<div id=\"checks\">{sections}</div>", StringComparison.Ordinal);
    }

    private static string Inflate(string base64)
    {
        using var zip = new GZipStream(new MemoryStream(Convert.FromBase64String(base64)), CompressionMode.Decompress);
        using var reader = new StreamReader(zip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("(</thead>).*?(</table>)|(?<=<div id=\"checks\">).*(?=</div>\n)", RegexOptions.Singleline)]
    private static partial Regex StaticContent();

    [GeneratedRegex("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();

    [GeneratedRegex("<tr data-check=\"([a-z_]+)\"")]
    private static partial Regex OverviewRow();

    [GeneratedRegex("https?://[^\"'<> ]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex("<path class='series' d='([^']*)'")]
    private static partial Regex PathData();

    [GeneratedRegex(@"-?\d+(\.\d+)?,-?\d+(\.\d+)?")]
    private static partial Regex Coordinate();
}
