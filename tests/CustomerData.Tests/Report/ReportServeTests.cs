using System.Net;
using System.Text.RegularExpressions;
using CustomerData.Tests.Service;

namespace CustomerData.Tests.Report;

/// <summary>serve's report pages on the health port: the same page, read-only, without secrets.</summary>
[TestClass]
public sealed class ReportServeTests
{
    private const string Secret = "https://hooks.slack.com/services/T000/B000/very-secret-token";

    [TestMethod]
    public async Task Serve_shows_the_report_at_root_and_one_check_at_its_path()
    {
        var port = ServeHarness.FreePort();
        await using var serve = ServeHarness.Create($$"""
            {
              "defaults": { "schedule": "* * * * * ?", "timezone": "Europe/Paris", "notify": { "slack": "#alerts" } },
              "notifications": { "slack": { "webhooks": { "#alerts": "SLACK_WEBHOOK_REPORT_TEST" } } },
              "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}", "shutdown_grace": "20s" },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT range AS id FROM range(10)"] } },
              "checks": [
                { "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "description": "<b>rows</b> of t", "critical": { "min": 1 } },
                { "name": "t_many", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 100 } }
              ]
            }
            """, new Dictionary<string, string> { ["SLACK_WEBHOOK_REPORT_TEST"] = Secret });
        await serve.StartAsync(healthPort: port);
        var history = await serve.HistoryAsync();
        await ServeHarness.WaitUntilAsync(
            async () => (await history.ReadAsync("t_rows", DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None)).Count >= 2, "two runs of t_rows");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var root = await http.GetAsync("/");
        var page = ReportCommandTests.Expanded(await root.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.OK, root.StatusCode, page);
        Assert.AreEqual("text/html", root.Content.Headers.ContentType!.MediaType);
        StringAssert.StartsWith(root.Headers.GetValues("Content-Security-Policy").Single(), "default-src 'none';");
        CollectionAssert.AreEquivalent(new[] { "t_rows", "t_many" }, Sections(page));
        StringAssert.Contains(page, "&lt;b&gt;rows&lt;/b&gt; of t");
        StringAssert.Contains(page, "<strong id=\"zone\">Europe/Paris</strong>");
        StringAssert.Contains(page, "data-count=\"critical\">1 critical");
        Assert.IsFalse(page.Contains("very-secret-token", StringComparison.Ordinal), "the webhook URL leaked");
        Assert.IsFalse(page.Contains("SLACK_WEBHOOK", StringComparison.Ordinal), "the webhook variable leaked");

        using var one = await http.GetAsync("/checks/t_many");
        CollectionAssert.AreEqual(new[] { "t_many" }, Sections(ReportCommandTests.Expanded(await one.Content.ReadAsStringAsync())));

        using var missing = await http.GetAsync("/checks/nope");
        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
        using var badSpan = await http.GetAsync("/?since=soon");
        Assert.AreEqual(HttpStatusCode.BadRequest, badSpan.StatusCode);
        using var post = await http.PostAsync("/", new StringContent("x"));
        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    private static string[] Sections(string page) =>
        [.. Regex.Matches(page, "<section class=\"check\" id=\"check-([a-z_]+)\"").Select(m => m.Groups[1].Value)];
}
