using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

/// <summary>notifications.links.report_url is validated at load: an absolute http(s) address a check's path can follow.</summary>
[TestClass]
public sealed class ReportUrlValidationTests
{
    private static string Config(string url) => $$"""
        {
          "notifications": {
            "links": { "report_url": {{System.Text.Json.JsonSerializer.Serialize(url)}} }
          },
          "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
          "checks": [{ "name": "a", "type": "volume", "source": "db", "table": "t", "critical": { "min": 1 } }]
        }
        """;

    [TestMethod]
    [DataRow("https://monitor.example")]
    [DataRow("http://10.0.0.5:8080/")]
    [DataRow("https://monitor.example/customer-data/report")]
    public void AnAbsoluteHttpAddress_IsValid_AndLinksChecksUnderIt(string url)
    {
        var config = Configs.Valid(Config(url));

        Assert.AreEqual(url, config.Notifications.Links.ReportUrl);
        Assert.AreEqual(url.TrimEnd('/') + "/checks/a", config.Notifications.Links.CheckUrl("a"));
    }

    [TestMethod]
    [DataRow("monitor.example/report", "report_url \"monitor.example/report\" is not an absolute URL (spaces, quotes, <, >, | and non-ASCII characters must be percent-encoded)")]
    [DataRow("https://monitor.example/a b", "report_url \"https://monitor.example/a b\" is not an absolute URL (spaces, quotes, <, >, | and non-ASCII characters must be percent-encoded)")]
    [DataRow("https://monitor.example/a|<!channel>", "report_url \"https://monitor.example/a|<!channel>\" is not an absolute URL (spaces, quotes, <, >, | and non-ASCII characters must be percent-encoded)")]
    [DataRow("ftp://monitor.example/", "report_url is a ftp: address, not http or https")]
    [DataRow("javascript:alert(1)", "report_url is a javascript: address, not http or https")]
    [DataRow("https://user:secret@monitor.example/", "report_url carries a user name or password, which every Slack message would show")]
    [DataRow("https://monitor.example/?env=prod", "report_url has a query or a fragment, after which /checks/<name> cannot be appended")]
    [DataRow("https://monitor.example/#top", "report_url has a query or a fragment, after which /checks/<name> cannot be appended")]
    public void AnythingElse_IsAPositionedError(string url, string message)
    {
        var result = Configs.Load(Config(url));

        var error = result.Errors.Single();
        Assert.AreEqual("$.notifications.links.report_url", error.Path);
        Assert.AreEqual(3, error.Line, "the line of report_url");
        Assert.AreEqual(message, error.Message);
        Assert.IsNotNull(error.Hint);
    }
}
