using System.Text.Json.Nodes;
using CustomerData.Alerts.Publishing;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Alerting.Slack;

/// <summary>A failure with a failed-row sample, as delivered to the loopback Slack webhook, compared whole.</summary>
[TestClass]
public sealed class SampleMessageTests
{
    private const string Check = """
        [{ "name": "email_format", "type": "validity", "source": "mem", "table": "crm.customers", "column": "email", "pattern": "@",
           "critical": { "max": 0 }, "owner": "crm", "sample_columns": ["customer_id", "note", "email"], "pii_columns": ["email"] }]
        """;

    [TestMethod]
    public async Task Sample_IsATableInItsOwnSection_HostileValuesInert_PiiWithheld()
    {
        await using var harness = await AlertingHarness.StartAsync(Check);
        var sample = new RowSample(
            ["customer_id", "note", "email"],
            ["email"],
            [["17", "<!channel> ```x``` & <@U1>\nnext", null], ["4", null, null]],
            "SELECT 1;");

        await harness.Publisher().PublishAsync(new RunOutcome(harness.Config, [Result(harness, sample)], AlertingHarness.T0), CancellationToken.None);
        await harness.DeliverAsync();

        var payload = harness.Slack.Delivered.Single();
        var blocks = JsonNode.Parse(payload)!["blocks"]!.AsArray();
        // Values are escaped and kept on one line; the note column is padded to at most 40 characters.
        var hostile = "&lt;!channel&gt; `\u200b`\u200b`x`\u200b`\u200b` &amp; &lt;@U1&gt;\\nnext";
        Assert.AreEqual("section", (string)blocks[3]!["type"]!);
        Assert.AreEqual(
            "*Failed rows* (2 shown; email withheld as personal data)\n```customer_id | " + "note".PadRight(40) + " | email\n"
            + "17          | " + hostile + " | (pii)\n"
            + "4           | " + "NULL".PadRight(40) + " | (pii)```",
            (string)blocks[3]!["text"]!["text"]!);
        Assert.AreEqual("*Reproduce*\n```SELECT 1;```\n`cdm run --check email_format`", (string)blocks[4]!["text"]!["text"]!);
        SlackPayloads.AssertWithinLimits(payload);
    }

    [TestMethod]
    public async Task HundredLongRows_AreCutWhole_WithACount_WithinBlockKitLimits()
    {
        await using var harness = await AlertingHarness.StartAsync(Check);
        var rows = Enumerable.Range(0, 100).Select(i => (IReadOnlyList<string?>)[i.ToString(System.Globalization.CultureInfo.InvariantCulture), new string('n', 200), null]).ToList();

        await harness.Publisher().PublishAsync(new RunOutcome(harness.Config, [Result(harness, new RowSample(["customer_id", "note", "email"], ["email"], rows, "SELECT 1;"))], AlertingHarness.T0), CancellationToken.None);
        await harness.DeliverAsync();

        var payload = harness.Slack.Delivered.Single();
        var text = (string)JsonNode.Parse(payload)!["blocks"]![3]!["text"]!["text"]!;
        Assert.IsLessThanOrEqualTo(Alerts.Slack.MessageBudget.Sample, text.Length);
        StringAssert.EndsWith(text, "… [cut: 95 more rows]```");
        Assert.AreEqual(7, text.Split('\n').Length - 1, "header line, column line, five whole rows and the cut marker");
        SlackPayloads.AssertWithinLimits(payload);
    }

    [TestMethod]
    public async Task SampleError_IsSaidInItsSection()
    {
        await using var harness = await AlertingHarness.StartAsync(Check);

        await harness.Publisher().PublishAsync(new RunOutcome(harness.Config, [Result(harness, new RowSample(["customer_id"], [], [], null, "the sample timed out after 1m <!here>"))], AlertingHarness.T0), CancellationToken.None);
        await harness.DeliverAsync();

        Assert.AreEqual("*Failed rows*: the sample timed out after 1m &lt;!here&gt;", (string)JsonNode.Parse(harness.Slack.Delivered.Single())!["blocks"]![3]!["text"]!["text"]!);
    }

    private static CheckResult Result(AlertingHarness harness, RowSample sample) => new(
        harness.Config.Checks[0], CheckStatus.Critical, 0.5, "0.5 (50%) invalid", "email breaks pattern @ in 2 of 4 non-NULL values", "critical above 0 (0%)",
        TimeSpan.FromMilliseconds(12), "SELECT 1;", AlertingHarness.T0)
    { Type = "validity", Sample = sample };
}
