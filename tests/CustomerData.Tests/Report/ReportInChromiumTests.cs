using System.Text.Json.Nodes;

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

        // Each chart's path has one point per recorded row with a value, as the browser parsed it.
        var points = (await chromium.EvaluateAsync("""
            Object.fromEntries([...document.querySelectorAll('section.check')].map(s =>
              [s.dataset.check, (s.querySelector('svg.chart path.series').getAttribute('d').match(/-?[\d.]+,-?[\d.]+/g) || []).length]))
            """))!.AsObject();
        foreach (var (check, (_, withValue)) in ReportFixture.Expected)
        {
            Assert.AreEqual(withValue, points[check]!.GetValue<int>(), check);
        }

        // The hostile description is shown as text and made no element.
        Assert.AreEqual(ReportFixture.HostileDescription, (await chromium.EvaluateAsync("document.querySelector('#check-orders_volume .description').textContent"))!.GetValue<string>());
        Assert.AreEqual(0, (await chromium.EvaluateAsync("document.querySelectorAll('img, iframe, object, embed').length"))!.GetValue<int>());
        Assert.AreEqual(1, (await chromium.EvaluateAsync("document.scripts.length"))!.GetValue<int>());
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

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
