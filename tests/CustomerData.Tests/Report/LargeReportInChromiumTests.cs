using System.Globalization;
using System.Text;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks;
using CustomerData.Monitors.History;
using CustomerData.Monitors.Report;
using CustomerData.Testing;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Report;

/// <summary>
/// A page too large to build at once (1,200 checks): the script builds the first screen, then the rest after the load
/// event; every row and section arrives, a check opened straight after loading is built and drawn, and filters work
/// on the whole list, with no console error.
/// </summary>
[TestClass]
public sealed class LargeReportInChromiumTests
{
    private const int Count = 1_200;
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Builds_every_row_and_section_after_loading_and_opens_a_late_check_at_once()
    {
        HeadlessChromium.Executable();
        var directory = Directory.CreateDirectory(CliRunner.NewDataDirectory()).FullName;
        var page = Path.Combine(directory, "large.html");
        var model = Model();
        await using (var writer = new StreamWriter(page, false, new UTF8Encoding(false)))
        {
            HtmlReportWriter.Write(writer, model);
        }

        // Above 500 checks the file carries no rows or sections as HTML: the script builds them from the data block.
        var text = await File.ReadAllTextAsync(page);
        Assert.IsFalse(text.Contains("<section", StringComparison.Ordinal) || text.Contains("<tr data-check", StringComparison.Ordinal));

        // The last check in the overview's order: the last one the script would build.
        var last = HtmlReportWriter.Ordered(model.Checks.Where(c => c.Owner == "team-3")).Last().Definition.Name;
        await using var chromium = await HeadlessChromium.StartAsync(TestContext.CancellationToken);
        await chromium.NavigateAsync(new Uri(page).AbsoluteUri);

        // Straight after the load event, the address of the last check (as a link to report.html#check-name opens it):
        // the rest is built at once, and the section scrolled to and drawn.
        var opened = (await chromium.EvaluateAsync($$"""
            (async () => {
              const before = document.querySelectorAll('section.check').length;
              location.hash = '#check-{{last}}';
              const wait = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 25)));
              for (let i = 0; i < 200 && !document.getElementById('check-{{last}}'); i++) { await wait(); }
              const section = document.getElementById('check-{{last}}');
              for (let i = 0; i < 200 && !section.querySelector('svg.chart'); i++) {
                await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 25)));
              }
              const tops = [];
              for (let i = 0; i < 20; i++) { tops.push(Math.round(section.getBoundingClientRect().top) + '/' + document.querySelectorAll('svg.chart').length + '/' + Math.round(scrollY)); await wait(); }
              const top = section.getBoundingClientRect().top;
              return { before: before, points: (section.querySelector('path.series').getAttribute('d').match(/-?[\d.]+,-?[\d.]+/g) || []).length,
                       inView: top >= -1 && top < innerHeight, top: top, tops: tops.join(' '), height: innerHeight, scroll: scrollY };
            })()
            """))!.AsObject();
        TestContext.WriteLine($"sections built when the address changed: {opened["before"]}; {opened.ToJsonString()}");
        Assert.AreEqual(4, opened["points"]!.GetValue<int>(), "the late check's chart has one point per value");
        Assert.IsTrue(opened["inView"]!.GetValue<bool>(), "the opened section is scrolled into view");

        var whole = (await chromium.EvaluateAsync($$"""
            (async () => {
              for (let i = 0; i < 600 && document.querySelectorAll('section.check').length < {{Count}}; i++) {
                await new Promise(resolve => setTimeout(resolve, 50));
              }
              return { sections: document.querySelectorAll('section.check').length, rows: document.querySelectorAll('#overview tr[data-check]').length,
                       groups: document.querySelectorAll('#overview tbody[data-group]').length, shown: document.getElementById('shown').textContent };
            })()
            """))!.AsObject();
        Assert.AreEqual(Count, whole["sections"]!.GetValue<int>());
        Assert.AreEqual(Count, whole["rows"]!.GetValue<int>());
        Assert.AreEqual(4, whole["groups"]!.GetValue<int>());
        Assert.AreEqual("1200", whole["shown"]!.GetValue<string>());

        // Every 100th check is CRITICAL: the filter keeps those 12 rows and sections, built at once.
        var critical = (await chromium.EvaluateAsync("""
            (() => {
              const input = document.getElementById('filter-status');
              input.value = 'critical';
              input.dispatchEvent(new Event('input', { bubbles: true }));
              return { rows: document.querySelectorAll('#overview tr[data-check]').length, sections: document.querySelectorAll('section.check').length,
                       shown: document.getElementById('shown').textContent, first: document.querySelector('#overview tr[data-check]').dataset.check };
            })()
            """))!.AsObject();
        Assert.AreEqual(12, critical["rows"]!.GetValue<int>());
        Assert.AreEqual(12, critical["sections"]!.GetValue<int>());
        Assert.AreEqual("12", critical["shown"]!.GetValue<string>());
        Assert.AreEqual("check_0000", critical["first"]!.GetValue<string>());
        Assert.AreEqual(string.Empty, string.Join("\n", chromium.Errors), "console errors, exceptions or CSP violations");
    }

    /// <summary>1,200 volume checks over four owners, each with four daily values; every 100th CRITICAL at its last run.</summary>
    private static ReportModel Model()
    {
        var json = new StringBuilder("""{ "sources": { "mem": { "type": "duckdb", "path": ":memory:" } }, "checks": [""");
        for (var i = 0; i < Count; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $$"""{{(i == 0 ? "" : ",")}}{ "name": "check_{{i:0000}}", "type": "volume", "source": "mem", "table": "t{{i % 7}}", "owner": "team-{{i % 4}}", "critical": { "min": 10 } }""");
        }

        var config = new ConfigLoader(Catalog.Default).Load(json.Append("]}").ToString(), "checks.json").Config!;
        var checks = config.Checks.Select((definition, i) =>
        {
            var status = i % 100 == 0 ? CheckStatus.Critical : CheckStatus.Ok;
            var points = Enumerable.Range(0, 4).Select(day => new ResultPoint(
                Now.AddDays(day - 4), day == 3 ? status : CheckStatus.Ok, day == 3 && status == CheckStatus.Critical ? 5 : 100 + day, null, null, null)).ToList();
            var newest = points[^1];
            var last = new HistoryRecord(definition.Name, "volume", "mem", definition.Table, newest.Status, newest.Value, $"{newest.Value} rows", "at least 10",
                $"{definition.Name}: {newest.Value} rows", 3, null, null, null, null, newest.MeasuredAt);
            return new ReportCheck(definition, "volume", ReportBuilder.OwnerOf(definition, config), points, last, ReportBuilder.Thresholds(definition));
        });
        Assert.IsTrue(Duration.TryParse("30d", out var span));
        return new ReportModel(Now, TimeZoneInfo.Utc, span, [.. checks]);
    }
}
