using CustomerData.Alerts.Publishing;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static CustomerData.Tests.Alerting.Slack.SlackPayloads;

namespace CustomerData.Tests.Alerting.Slack;

/// <summary>One check's messages as delivered to the loopback Slack webhook, compared whole.</summary>
[TestClass]
public sealed class CheckMessageTests
{
    private const string Reproduce = "`cdm run --check orders_freshness`";

    private const string OrdersCheck = """
        [{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at",
           "critical_after": "6h", "owner": "order-data", "runbook": "https://wiki.example/runbooks/orders", "renotify_after": "30m" }]
        """;

    [TestMethod]
    public async Task TenKilobyteError_CutsTheErrorText_AndKeepsMentionHeaderQueryAndRunbook()
    {
        await using var harness = await AlertingHarness.StartAsync(OrdersCheck);
        var query = "SELECT '```' AS fence -- " + new string('q', 5_000);
        var error = new string('e', 10_000);

        var payload = await PublishAsync(harness, new CheckResult(
            harness.Config.Checks[0], CheckStatus.Critical, null, "unknown", error, "critical after 6h", TimeSpan.FromMilliseconds(12), query, AlertingHarness.T0) { Type = "freshness" });

        // The error keeps 1,969 characters and a marker (2,000 in all); the query 1,466 escaped characters and a marker.
        AssertPayload(
            Message(
                ":red_circle: orders_freshness is CRITICAL: unknown",
                Header("orders_freshness is CRITICAL"),
                Section(":red_circle: <!subteam^S0ORDERS>\n" + new string('e', 1_969) + "… [cut: 8,031 more characters]"),
                Fields("*Expected*\ncritical after 6h", "*Seen*\nunknown", "*Failing since*\n2026-11-26 08:00 +00:00 (just now)", "*Owner*\norder-data"),
                Section("*Reproduce*\n```SELECT '`\u200b`\u200b`' AS fence -- " + new string('q', 1_439) + "\n-- [cut: 3,561 more characters]```\n" + Reproduce),
                Context("Runbook: https://wiki.example/runbooks/orders", "freshness on mem:sales.orders, the whole table")),
            payload);
        SlackPayloads.AssertWithinLimits(payload);
    }

    [TestMethod]
    public async Task HostileText_FromDataAndConfig_IsInert_AndNoCodeFenceBreaks()
    {
        await using var harness = await AlertingHarness.StartAsync("""
            [{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at",
               "critical_after": "6h", "owner": "<!here> & co", "runbook": "https://wiki.example/runbooks?a=1&b=<!channel>",
               "filter": "country <> '<!channel>'" }]
            """);
        var message = "<!channel> <@U024BE7LH> <#C024BE7LR|general> | pipes & \"quotes\"\nsecond line ```rm -rf /``` end";

        var payload = await PublishAsync(harness, new CheckResult(
            harness.Config.Checks[0], CheckStatus.Critical, 1, "<@U024BE7LH>", message, "critical after 6h", TimeSpan.FromMilliseconds(12),
            "SELECT 1 -- ``` <!here>\n```", AlertingHarness.T0) { Type = "freshness" });

        AssertPayload(
            Message(
                ":red_circle: orders_freshness is CRITICAL: &lt;@U024BE7LH&gt;",
                Header("orders_freshness is CRITICAL"),
                Section(":red_circle: &lt;!channel&gt; &lt;@U024BE7LH&gt; &lt;#C024BE7LR|general&gt; | pipes &amp; \"quotes\"\n"
                    + "second line `\u200b`\u200b`rm -rf /`\u200b`\u200b` end"),
                Fields("*Expected*\ncritical after 6h", "*Seen*\n&lt;@U024BE7LH&gt;", "*Failing since*\n2026-11-26 08:00 +00:00 (just now)", "*Owner*\n&lt;!here&gt; &amp; co"),
                Section("*Reproduce*\n```SELECT 1 -- `\u200b`\u200b` &lt;!here&gt;\n`\u200b`\u200b`\u200b```\n" + Reproduce),
                Context("Runbook: https://wiki.example/runbooks?a=1&amp;b=&lt;!channel&gt;", "freshness on mem:sales.orders, rows where country &lt;&gt; '&lt;!channel&gt;'")),
            payload);
        var text = string.Join("\n", SlackPayloads.Texts(payload));
        Assert.AreEqual(2, (text.Length - text.Replace("```", string.Empty, StringComparison.Ordinal).Length) / 3, "one code block: two fences");
    }

    [TestMethod]
    public async Task Reminder_CarriesTheMentionTheQueryAndTheRunCheckCommand_TheRecoveryMentionsNobody()
    {
        await using var harness = await AlertingHarness.StartAsync(OrdersCheck);

        await harness.RunAsync(AlertingHarness.T0, ("orders_freshness", CheckStatus.Critical));
        await harness.RunAsync(AlertingHarness.T0.AddMinutes(30), ("orders_freshness", CheckStatus.Critical));

        Assert.HasCount(2, harness.Slack.Delivered);
        AssertPayload(
            Message(
                ":repeat: orders_freshness is still CRITICAL (30m): 7h old",
                Header("orders_freshness is still CRITICAL"),
                Section(":repeat: Failing for 30m, since 2026-11-26 08:00 +00:00. <!subteam^S0ORDERS>\nnewest updated_at is 7h old"),
                Fields("*Expected*\nwarning after 2h; critical after 6h", "*Seen*\n7h old", "*Owner*\norder-data"),
                Section("*Reproduce*\n```SELECT 1;```\n" + Reproduce),
                Context("Runbook: https://wiki.example/runbooks/orders", "freshness on mem:sales.orders, the whole table")),
            harness.Slack.Delivered[1]);

        await harness.RunAsync(AlertingHarness.T0.AddMinutes(45), ("orders_freshness", CheckStatus.Ok));
        AssertPayload(
            Message(
                ":large_green_circle: orders_freshness recovered after 45m: 7h old",
                Header("orders_freshness recovered"),
                Section(":large_green_circle: OK again after 45m (failing since 2026-11-26 08:00 +00:00).\nnewest updated_at is 7h old"),
                Context("Owner: order-data", "freshness on mem:sales.orders, the whole table")),
            harness.Slack.Delivered[2]);
    }

    [TestMethod]
    public async Task FilteredChecks_SayTheirFilter_AndWindowedOnesTheirWindowToo()
    {
        var orders = new OrdersTable(2_000, seed: 5);
        const string Checks = """
            [{ "name": "fr_orders", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "country = 'FR'",
               "critical": { "min": 100000 }, "owner": "order-data" },
             { "name": "fr_orders_1d", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "country = 'FR'",
               "time_column": "created_at", "window": "1d", "critical": { "min": 100000 }, "owner": "order-data" }]
            """;
        var results = await Runs.RunAsync(Configs.InMemory(orders.Init(), Checks), new FakeTimeProvider(OrdersTable.Now));
        await using var harness = await AlertingHarness.StartAsync(Checks);

        await harness.Publisher().PublishAsync(new RunOutcome(harness.Config, results, AlertingHarness.T0), CancellationToken.None);
        await harness.DeliverAsync();

        var french = orders.Rows.Count(r => r.Country == "FR");
        var day = orders.Rows.Count(r => r.Country == "FR" && r.CreatedAt >= OrdersTable.Now.UtcDateTime.AddDays(-1) && r.CreatedAt < OrdersTable.Now.UtcDateTime);
        Assert.AreEqual($"{french:#,0} rows where country = 'FR'; critical below 100,000", results.Single("fr_orders").Message);
        Assert.AreEqual($"{day:#,0} rows in 2026-11-25 10:20 to 2026-11-26 10:20 (UTC) where country = 'FR'; critical below 100,000", results.Single("fr_orders_1d").Message);
        var (whole, windowed) = (SlackPayloads.Texts(harness.Slack.Delivered[0]), SlackPayloads.Texts(harness.Slack.Delivered[1]));
        Assert.AreEqual($":red_circle: <!subteam^S0ORDERS>\n{french:#,0} rows where country = 'FR'; critical below 100,000", whole[1]);
        Assert.AreEqual("volume on mem:shop.orders, rows where country = 'FR'", whole[^1]);
        var query = results.Single("fr_orders").Query!.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        Assert.AreEqual($"*Reproduce*\n```{query}```\n`cdm run --check fr_orders`", whole[6]);
        Assert.AreEqual($":red_circle: <!subteam^S0ORDERS>\n{day:#,0} rows in 2026-11-25 10:20 to 2026-11-26 10:20 (UTC) where country = 'FR'; critical below 100,000", windowed[1]);
        Assert.AreEqual("volume on mem:shop.orders, rows where country = 'FR', 1d window on created_at", windowed[^1]);
    }

    [TestMethod]
    public async Task OverrideTemplateFailingOnRealData_SendsTheBuiltInMessage_AndSaysWhichTemplateFailed()
    {
        var directory = Directory.CreateTempSubdirectory("customerdata-template-");
        try
        {
            // Trial rendering at load uses a check named sample_check, so only real data reaches the broken branch.
            var file = Path.Combine(directory.FullName, "failure.sbn");
            await File.WriteAllTextAsync(file, """{{ if check.name == "orders_freshness" }}{{ no_such_variable }}{{ end }}{ "text": "x", "blocks": [] }""");
            await using var harness = await AlertingHarness.StartAsync(
                OrdersCheck,
                defaultsJson: $$"""{ "notify": { "slack": "#alerts", "templates": { "failure": {{System.Text.Json.JsonSerializer.Serialize(file)}} } } }""");

            await harness.RunAsync(AlertingHarness.T0, ("orders_freshness", CheckStatus.Critical));

            var texts = SlackPayloads.Texts(harness.Slack.Delivered.Single());
            Assert.AreEqual("orders_freshness is CRITICAL", texts[0]);
            Assert.AreEqual(":red_circle: <!subteam^S0ORDERS>\nnewest updated_at is 7h old", texts[1]);
            Assert.AreEqual("*Reproduce*\n```SELECT 1;```\n" + Reproduce, texts[6]);
            Assert.AreEqual("Runbook: https://wiki.example/runbooks/orders", texts[7]);
            StringAssert.StartsWith(texts[^1], $"The template {file} failed on this message (");
            StringAssert.Contains(texts[^1], "no_such_variable");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<string> PublishAsync(AlertingHarness harness, CheckResult result)
    {
        await harness.Publisher().PublishAsync(new RunOutcome(harness.Config, [result], result.MeasuredAt), CancellationToken.None);
        await harness.DeliverAsync();
        return harness.Slack.Delivered.Single();
    }
}
