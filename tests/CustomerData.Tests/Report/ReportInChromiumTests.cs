using System.Text.Json.Nodes;
using CustomerData.Testing;

namespace CustomerData.Tests.Report;

/// <summary>The report rendered by headless Chromium: what a reader sees, and that the page asks nothing of the network.</summary>
[TestClass]
public sealed class ReportInChromiumTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Renders_every_check_with_its_points_and_filters_without_errors_or_requests()
    {
        HeadlessChromium.Executable();
        var fixture = await ReportFixture.CreateAsync();
        var output = Path.Combine(fixture.DataDirectory, "report.html");
        Assert.AreEqual(0, (await fixture.ReportAsync(output)).ExitCode);
        var url = new Uri(output).AbsoluteUri;

        await using var chromium = await HeadlessChromium.StartAsync(TestContext.CancellationToken);
        await chromium.NavigateAsync(url);

        var sections = await chromium.EvaluateAsync("[...document.querySelectorAll('section.check')].map(s => s.dataset.check)");
        CollectionAssert.AreEquivalent(ReportFixture.Expected.Keys.ToArray(), Strings(sections));

        // Each chart, drawn when its check is opened from the overview, has one point per recorded row with a value, as
        // the browser parsed it.
        foreach (var (check, (_, withValue)) in ReportFixture.Expected)
        {
            var drawn = (await chromium.EvaluateAsync(OpenScript(check)))!.AsObject();
            Assert.AreEqual(withValue, drawn["series"]!.GetValue<int>(), check);
            Assert.AreEqual(0, drawn["band"]!.GetValue<int>(), $"{check} has static bounds only");
        }

        // The hostile description is shown as text and made no element.
        Assert.AreEqual(ReportFixture.HostileDescription, (await chromium.EvaluateAsync("document.querySelector('#check-orders_volume .description').textContent"))!.GetValue<string>());
        Assert.AreEqual(0, (await chromium.EvaluateAsync("document.querySelectorAll('img, iframe, object, embed').length"))!.GetValue<int>());
        Assert.AreEqual("application/json,", (await chromium.EvaluateAsync("[...document.scripts].map(s => s.type).join()"))!.GetValue<string>());
        Assert.AreEqual("Europe/Paris", (await chromium.EvaluateAsync("document.getElementById('zone').textContent"))!.GetValue<string>());

        await AssertFilterAsync(chromium, "owner", "order-data", ["orders_volume"]);
        await AssertFilterAsync(chromium, "status", "warning", ["events_freshness"]);
        await AssertFilterAsync(chromium, "status", "none", ["never_run"]);
        await AssertFilterAsync(chromium, "tag", "pii", ["emails_null_rate"]);
        await AssertFilterAsync(chromium, "source", "mem", ["orders_volume", "events_freshness", "never_run", "emails_null_rate"]);
        await AssertFilterAsync(chromium, "search", "CRM.T", ["never_run", "emails_null_rate"]);
        await AssertFilterAsync(chromium, "search", "pwned", ["orders_volume"]);

        var screenshot = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "report-chromium.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await File.WriteAllBytesAsync(screenshot, await chromium.ScreenshotAsync(), TestContext.CancellationToken);
        TestContext.AddResultFile(screenshot);

        Assert.AreEqual(string.Empty, string.Join("\n", chromium.Errors), "console errors, exceptions or CSP violations");
        CollectionAssert.AreEqual(new[] { url }, chromium.Requests.Distinct().ToArray(), "the page requested something besides itself");
    }

    // Sets one filter (the others cleared), as a user would, and reads which overview rows and sections stay visible.
    private static async Task AssertFilterAsync(HeadlessChromium chromium, string filter, string value, string[] expected)
    {
        var visible = await chromium.EvaluateAsync($$"""
            (() => {
              for (const id of ['owner', 'tag', 'source', 'status', 'search']) {
                const input = document.getElementById('filter-' + id);
                input.value = id === '{{filter}}' ? {{System.Text.Json.JsonSerializer.Serialize(value)}} : '';
                input.dispatchEvent(new Event('input', { bubbles: true }));
              }
              const shown = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null).map(e => e.dataset.check);
              return { rows: shown('#overview tr[data-check]'), sections: shown('section.check'),
                       count: document.getElementById('shown').textContent };
            })()
            """);
        var description = $"{filter} = {value}";
        CollectionAssert.AreEqual(expected, Strings(visible!["rows"]), description);
        CollectionAssert.AreEquivalent(expected, Strings(visible["sections"]), description);
        Assert.AreEqual(expected.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), visible["count"]!.GetValue<string>(), description);
    }

    /// <summary>
    /// Script that opens a check from the overview (its link, as a reader clicks it), waits for the page to draw the
    /// chart as the section comes into view, and returns the number of points of its value path and of its learned band,
    /// and the band's area as the browser measured it.
    /// </summary>
    internal static string OpenScript(string check) => $$"""
        (async () => {
          const link = document.querySelector('#overview a[href="#check-{{check}}"]');
          link.click();
          const section = document.getElementById('check-{{check}}');
          for (let i = 0; i < 200 && !section.querySelector('svg.chart'); i++) {
            await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 25)));
          }
          const svg = section.querySelector('svg.chart');
          if (!svg) { throw new Error('the chart of {{check}} was not drawn'); }
          const count = el => el ? (el.getAttribute('d').match(/-?[\d.]+,-?[\d.]+/g) || []).length : 0;
          const band = svg.querySelector('path.band');
          const box = band ? band.getBBox() : { width: 0, height: 0 };
          return { series: count(svg.querySelector('path.series')), band: count(band), bandArea: box.width * box.height };
        })()
        """;

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
