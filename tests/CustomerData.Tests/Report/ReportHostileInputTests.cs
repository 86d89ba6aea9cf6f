using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.History;
using CustomerData.Monitors.Report;
using CustomerData.Testing;

namespace CustomerData.Tests.Report;

/// <summary>The report, history and their arguments against what a hostile tester reads in the README and then writes.</summary>
[TestClass]
public sealed partial class ReportHostileInputTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Hostile_text_is_shown_as_text_runs_nothing_and_the_filters_and_search_still_find_it()
    {
        HeadlessChromium.Executable();
        var fixture = await HostileReportFixture.CreateAsync();
        var output = Path.Combine(fixture.DataDirectory, "hostile.html");
        var outcome = await fixture.RunAsync("report", "--out", output);
        Assert.AreEqual(ExitCodes.Ok, outcome.ExitCode, outcome.Error);
        var url = new Uri(output).AbsoluteUri;

        await using var chromium = await HeadlessChromium.StartAsync(TestContext.CancellationToken);
        await chromium.NavigateAsync(url);
        foreach (var check in new[] { "hostile_text", "data_runbook", "odd_values" })
        {
            await chromium.EvaluateAsync(ReportInChromiumTests.OpenScript(check));
        }

        var seen = (await chromium.EvaluateAsync("""
            (() => {
              const q = s => document.querySelector(s);
              const link = q('#check-hostile_text a.runbook');
              return {
                description: q('#check-hostile_text .description').textContent,
                href: link.getAttribute('href'), attributes: link.getAttributeNames().join(),
                links: document.querySelectorAll('a.runbook').length,
                data: [...document.querySelectorAll('#check-data_runbook dd')][2].textContent,
                script: [...document.querySelectorAll('#check-odd_values dd')][2].textContent,
                value: q('#overview tr[data-check="hostile_text"]').cells[3].textContent,
                owner: q('#check-hostile_text').dataset.owner,
                pwned: document.body.dataset.pwned === undefined ? 'no' : 'yes',
                elements: document.querySelectorAll('img, iframe, object, embed, b').length,
                nan: [...document.querySelectorAll('svg')].some(s => s.outerHTML.includes('NaN')),
              };
            })()
            """))!.AsObject();
        Assert.AreEqual(HostileReportFixture.Description, seen["description"]!.GetValue<string>());
        Assert.AreEqual(HostileReportFixture.LinkRunbook, seen["href"]!.GetValue<string>());
        Assert.AreEqual("class,href,rel", seen["attributes"]!.GetValue<string>());
        Assert.AreEqual(1, seen["links"]!.GetValue<int>(), "data: and javascript: runbooks are text, not links");
        Assert.AreEqual(HostileReportFixture.DataRunbook, seen["data"]!.GetValue<string>());
        Assert.AreEqual(HostileReportFixture.ScriptRunbook, seen["script"]!.GetValue<string>());
        Assert.AreEqual(HostileReportFixture.Observed, seen["value"]!.GetValue<string>());
        Assert.AreEqual(HostileReportFixture.Owner, seen["owner"]!.GetValue<string>());
        Assert.AreEqual("no", seen["pwned"]!.GetValue<string>());
        Assert.AreEqual(0, seen["elements"]!.GetValue<int>());
        Assert.IsFalse(seen["nan"]!.GetValue<bool>(), "a coordinate or label is NaN");

        // The select options carry the hostile owner and tags as the data block does: choosing one shows its checks.
        await AssertFilterAsync(chromium, "owner", HostileReportFixture.Owner, ["hostile_text"]);
        await AssertFilterAsync(chromium, "owner", "Ωmega", ["data_runbook"]);
        await AssertFilterAsync(chromium, "tag", "k:v</script>", ["hostile_text"]);
        await AssertFilterAsync(chromium, "tag", "emoji:😀", ["hostile_text", "data_runbook"]);
        await AssertFilterAsync(chromium, "tag", "rtl:עברית", ["hostile_text"]);

        // The search lowers what is typed and what is searched by the same (the browser's) rules: "ΟΔΟΣ" typed or written
        // is "οδος" (final sigma), "İ" is "i̇"; lowered in C# they were "οδοσ" and "i", and neither was found.
        await AssertFilterAsync(chromium, "search", "οδος", ["hostile_text"]);
        await AssertFilterAsync(chromium, "search", "İSTANBUL", ["hostile_text"]);
        await AssertFilterAsync(chromium, "search", "</SCRIPT>", ["hostile_text"]);

        Assert.AreEqual(string.Empty, string.Join("\n", chromium.Errors), "console errors, exceptions or CSP violations");
        CollectionAssert.AreEqual(new[] { url }, chromium.Requests.Distinct().ToArray(), "the page requested something besides itself");
    }

    [TestMethod]
    public async Task A_value_no_chart_can_place_is_drawn_as_a_result_without_one_and_the_rest_keep_their_places()
    {
        var fixture = await HostileReportFixture.CreateAsync();
        var output = Path.Combine(fixture.DataDirectory, "odd.html");
        Assert.AreEqual(ExitCodes.Ok, (await fixture.RunAsync("report", "--out", output)).ExitCode);
        var section = ReportCommandTests.Section(ReportCommandTests.Expanded(await File.ReadAllTextAsync(output)), "odd_values");

        // Before: one infinity made the scale infinite, so every coordinate and both threshold lines were NaN.
        Assert.IsFalse(section.Contains("NaN", StringComparison.Ordinal), section);
        Assert.IsFalse(section.Contains("Infinity", StringComparison.Ordinal), section);
        StringAssert.Contains(section, "7 results in the span, 4 with a value, 3 not OK (marked).");

        // 100, 1e308, -1e308 and 50: one path point each; the two infinities and the UNKNOWN split it.
        var path = Regex.Match(section, "<path class='series' d='([^']*)'").Groups[1].Value;
        Assert.AreEqual(4, Regex.Count(path, @"-?\d+,-?\d+"), path);
        Assert.AreEqual(3, path.Count(c => c == 'M'), path);

        // 1e308 sits near the top of the plot and -1e308 near its bottom, inside the scale's 5% room (plot: y 8 to 148).
        var ys = Points(path).Select(p => p.Y).ToList();
        Assert.AreEqual(8 + (140 * 0.05 / 1.1), ys[1], 0.1, path);
        Assert.AreEqual(8 + (140 * 1.05 / 1.1), ys[2], 0.1, path);
        Assert.AreEqual(78, ys[0], 0.1, "100 is in the middle of a scale from -1.1e308 to 1.1e308");

        // The three results not OK are marked; the two without a drawable value at the bottom edge.
        var marks = Regex.Matches(section, "<circle class='mark (\\w+)' cx='[^']*' cy='([^']*)'").Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        CollectionAssert.AreEqual(new[] { ("critical", "148"), ("critical", "148"), ("unknown", "148") }, marks);
    }

    [TestMethod]
    public void A_failing_result_newer_than_the_points_read_with_it_is_where_the_failure_starts()
    {
        // serve records while a page is built: the newest result and the points are two reads, and the first result of a
        // check can arrive between them (an empty series and a newest result made the page throw, a 500 from serve).
        var now = ReportFixture.Now;
        var check = new VolumeCheckDefinition { Name = "racing", Source = "mem", Table = "t", Critical = new Bounds { Min = 1 } };
        var critical = Last(check.Name, CheckStatus.Critical, now);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kathmandu");
        var model = new ReportModel(now, zone, new Duration(TimeSpan.FromDays(1)), [
            new ReportCheck(check, "volume", "o", [], critical, []),
        ]);

        Assert.AreEqual((now, true), model.Checks[0].FailingSince);
        using var page = new StringWriter(CultureInfo.InvariantCulture);
        HtmlReportWriter.Write(page, model);
        StringAssert.Contains(page.ToString(), "\"since\":\"2026-11-26 13:45 +05:45 or earlier\"");

        // The points end with an OK before it: the failure starts at the newest result, inside the span.
        var points = new List<ResultPoint> { new(now.AddHours(-2), CheckStatus.Ok, 5, null, null, null) };
        Assert.AreEqual((now, false), (model.Checks[0] with { History = points }).FailingSince);

        // The points already hold a result newer than the one read as newest: the failure is still the newest's own.
        points.Add(new(now.AddHours(-1), CheckStatus.Critical, 0, null, null, "0 rows"));
        points.Add(new(now.AddHours(1), CheckStatus.Ok, 5, null, null, null));
        Assert.AreEqual((now.AddHours(-1), false), (model.Checks[0] with { History = points, Last = Last(check.Name, CheckStatus.Critical, now.AddHours(-1)) }).FailingSince);
    }

    [TestMethod]
    public async Task An_output_that_is_no_file_exits_2_with_one_line_and_leaves_nothing_behind()
    {
        var fixture = await HostileReportFixture.CreateAsync();

        // Before: an empty --out was an ArgumentException, exit 3 and "see the log above"; now a usage error, as for
        // every path option.
        var empty = await fixture.RunAsync("report", "--out", string.Empty);
        Assert.AreEqual(ExitCodes.ConfigurationError, empty.ExitCode, empty.Error);
        Assert.AreEqual("--out needs a path, not an empty string\nRun with --help for usage.\n", empty.Error);

        using var directory = new Datadog.TemporaryDirectory();
        // A directory is refused before the store is read, with the file name to give instead.
        Directory.CreateDirectory(directory.Path);
        var taken = await fixture.RunAsync("report", "--out", directory.Path);
        Assert.AreEqual(ExitCodes.ConfigurationError, taken.ExitCode, taken.Error);
        Assert.AreEqual(
            $"--out \"{directory.Path}\" is a directory: name the HTML file to write, such as {Path.Combine(directory.Path, "report.html")}\n", taken.Error);
        Assert.IsTrue(Directory.Exists(directory.Path));
        Assert.AreEqual(0, Directory.EnumerateFileSystemEntries(directory.Path).Count(), "something was written into the directory");

        var below = Path.Combine(directory.Path, "below-a-file");
        await File.WriteAllTextAsync(below, "x", TestContext.CancellationToken);
        var notDirectory = await fixture.RunAsync("report", "--out", Path.Combine(below, "report.html"));
        Assert.AreEqual(ExitCodes.ConfigurationError, notDirectory.ExitCode, notDirectory.Error);
        StringAssert.StartsWith(notDirectory.Error, $"cannot write {Path.Combine(below, "report.html")}: ");
        Assert.AreEqual(1, notDirectory.Error.TrimEnd('\n').Split('\n').Length, notDirectory.Error);
        CollectionAssert.AreEqual(new[] { below }, Directory.EnumerateFileSystemEntries(directory.Path).ToArray(), "a temporary file was left behind");

        foreach (var command in new[] { "report", "history" })
        {
            var tooLong = await fixture.RunAsync(command, "--check", "odd_values", "--since", "3651d");
            Assert.AreEqual(ExitCodes.ConfigurationError, tooLong.ExitCode, tooLong.Error);
            StringAssert.Contains(tooLong.Error, "--since \"3651d\" is not a duration such as ", command);
            StringAssert.Contains(tooLong.Error, "(at most 3650d)", command);
        }
    }

    [TestMethod]
    public async Task History_json_writes_what_the_store_holds_as_json_can_hold_it_with_characters_as_themselves()
    {
        var fixture = await HostileReportFixture.CreateAsync();
        var outcome = await fixture.RunAsync("history", "--check", "odd_values", "--format", "json");

        // Before: the stored infinity threw in the JSON writer (exit 3 after some lines).
        Assert.AreEqual(ExitCodes.Ok, outcome.ExitCode, outcome.Error);
        var lines = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(HostileReportFixture.OddValues.Length, lines.Length, outcome.Out);
        var values = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("value"))
            .Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()).ToArray();
        CollectionAssert.AreEqual(new double?[] { 100, null, 1e308, -1e308, null, null, 50 }, values);

        // The offset's "+" and "<" as themselves (grep finds them); U+2028 escaped, so one object stays one line.
        StringAssert.StartsWith(lines[0], "{\"check\":\"odd_values\",\"measured_at\":\"2026-11-26T06:45:00.000+05:45\",\"status\":\"ok\",\"value\":100,");
        StringAssert.Contains(lines[1], "\"observed\":\"</script><!--<img src=x onerror=document.body.dataset.pwned=1> \\u2028\"");
        var first = JsonNode.Parse(lines[0])!.AsObject();
        CollectionAssert.IsSubsetOf(new[] { "expected_low", "expected_high" }, first.Select(p => p.Key).ToArray());
        Assert.IsNull(first["expected_low"]);
    }

    [TestMethod]
    public async Task History_of_a_name_neither_configured_nor_stored_exits_2_and_a_removed_check_still_shows_its_results()
    {
        var fixture = await HostileReportFixture.CreateAsync();

        // Before: a typo printed "0 results for odd_value in the last 7d." and exited 0.
        var typo = await fixture.RunAsync("history", "--check", "odd_value");
        Assert.AreEqual(ExitCodes.ConfigurationError, typo.ExitCode, typo.Out);
        Assert.AreEqual(string.Empty, typo.Out);
        Assert.AreEqual("no check named \"odd_value\" in the configuration, and no result of it in the last 7d; did you mean \"odd_values\"?\n", typo.Error);

        var store = await SqliteHistoryStore.OpenAsync(Path.Combine(fixture.DataDirectory, "state.db"), CancellationToken.None);
        await store.AppendAsync([Last("removed_check", CheckStatus.Ok, ReportFixture.Now.AddHours(-1))], CancellationToken.None);
        var removed = await fixture.RunAsync("history", "--check", "removed_check");
        Assert.AreEqual(ExitCodes.Ok, removed.ExitCode, removed.Error);
        StringAssert.EndsWith(removed.Out, "1 result for removed_check in the last 7d.\n");
    }

    private static HistoryRecord Last(string check, CheckStatus status, DateTimeOffset at) =>
        new(check, "volume", "mem", "t", status, 0, "0 rows", "critical below 1", "0 rows", 1, null, null, null, null, at);

    private static IEnumerable<(double X, double Y)> Points(string path)
    {
        // Relative tenths after each M: absolute positions, in chart units.
        var (x, y) = (0L, 0L);
        foreach (Match part in Regex.Matches(path, @"([Ml ])(-?\d+),(-?\d+)"))
        {
            var (dx, dy) = (long.Parse(part.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(part.Groups[3].Value, CultureInfo.InvariantCulture));
            (x, y) = part.Groups[1].Value == "M" ? (dx, dy) : (x + dx, y + dy);
            yield return (x / 10.0, y / 10.0);
        }
    }

    private static async Task AssertFilterAsync(HeadlessChromium chromium, string filter, string value, string[] expected)
    {
        var visible = await chromium.EvaluateAsync($$"""
            (() => {
              for (const id of ['owner', 'tag', 'source', 'status', 'search']) {
                const input = document.getElementById('filter-' + id);
                input.value = id === '{{filter}}' ? {{JsonSerializer.Serialize(value)}} : '';
                input.dispatchEvent(new Event('input', { bubbles: true }));
              }
              const shown = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null).map(e => e.dataset.check);
              return { rows: shown('#overview tr[data-check]'), sections: shown('section.check'),
                       selected: document.getElementById('filter-{{filter}}').value };
            })()
            """);
        var description = $"{filter} = {value}";
        Assert.AreEqual(value, visible!["selected"]!.GetValue<string>(), $"{description}: no option carries that value");
        CollectionAssert.AreEquivalent(expected, Strings(visible["rows"]), description);
        CollectionAssert.AreEquivalent(expected, Strings(visible["sections"]), description);
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
