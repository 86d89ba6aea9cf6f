using System.Text.Json.Nodes;
using CustomerData.Checks.Engine;

namespace CustomerData.Tests.Alerting;

[TestClass]
public sealed class IncidentScenarioTests
{
    private const string OrdersCheck = """
        [{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at",
           "critical_after": "6h", "owner": "order-data", "runbook": "https://wiki.example/runbooks/orders",
           "alert_after": 2, "renotify_after": "30m" }]
        """;

    private static string Header(string payload) => (string)JsonNode.Parse(payload)!["blocks"]![0]!["text"]!["text"]!;

    private static string AllText(string payload) =>
        string.Join("\n", JsonNode.Parse(payload)!["blocks"]!.AsArray().SelectMany(b => new[] { b!["text"]?["text"] }.Concat(b!["fields"]?.AsArray() is { } f ? f.Select(x => x!["text"]) : []).Concat(b!["elements"]?.AsArray() is { } e ? e.Select(x => x!["text"]) : [])).Where(t => t is not null).Select(t => (string)t!));

    [TestMethod]
    public async Task FailFailFailRecoverFlap_SendsOneFailureOneReminderOneRecovery()
    {
        await using var harness = await AlertingHarness.StartAsync(OrdersCheck);
        var t = AlertingHarness.T0;
        var steps = new[] { CheckStatus.Critical, CheckStatus.Critical, CheckStatus.Critical, CheckStatus.Critical, CheckStatus.Ok, CheckStatus.Critical, CheckStatus.Ok };

        for (var i = 0; i < steps.Length; i++)
        {
            await harness.RunAsync(t.AddMinutes(15 * i), ("orders_freshness", steps[i]));
        }

        var delivered = harness.Slack.Delivered;
        CollectionAssert.AreEqual(
            new[] { "orders_freshness is CRITICAL", "orders_freshness is still CRITICAL", "orders_freshness recovered" },
            delivered.Select(Header).ToArray());
        var failure = AllText(delivered[0]);
        StringAssert.Contains(failure, "<!subteam^S0ORDERS>");
        StringAssert.Contains(failure, "*Failing since*\n2026-11-26 08:00 +00:00 (15m)");
        StringAssert.Contains(failure, "Runbook: https://wiki.example/runbooks/orders");
        StringAssert.Contains(failure, "`cdm run --check orders_freshness`");
        StringAssert.Contains(AllText(delivered[1]), "Failing for 45m, since 2026-11-26 08:00 +00:00.");
        StringAssert.Contains(AllText(delivered[2]), "OK again after 1h (failing since 2026-11-26 08:00 +00:00).");
        CollectionAssert.AreEqual(
            new[]
            {
                "event error customer_data.check:orders_freshness [CustomerData] orders_freshness is CRITICAL",
                "event success customer_data.check:orders_freshness [CustomerData] orders_freshness is OK again",
                "event error customer_data.check:orders_freshness [CustomerData] orders_freshness is CRITICAL",
                "event success customer_data.check:orders_freshness [CustomerData] orders_freshness is OK again",
            },
            harness.Statsd.Calls.ToArray());
    }

    [TestMethod]
    public async Task HostileData_IsEscapedAndCutToBlockKitLimits()
    {
        await using var harness = await AlertingHarness.StartAsync(OrdersCheck.Replace("\"alert_after\": 2", "\"alert_after\": 1", StringComparison.Ordinal));
        var hostile = "<!channel> | pipes & \"quotes\"\nsecond line " + new string('e', 10_000);
        var check = harness.Config.Checks[0];

        await harness.Publisher().PublishAsync(new(harness.Config, [AlertingHarness.Result(check, CheckStatus.Critical, AlertingHarness.T0, hostile)], AlertingHarness.T0), CancellationToken.None);
        await harness.DeliverAsync();

        var payload = harness.Slack.Delivered.Single();
        var text = AllText(payload);
        Assert.DoesNotContain("<!channel>", text);
        StringAssert.Contains(text, "&lt;!channel&gt; | pipes &amp; \"quotes\"\nsecond line eeee");
        StringAssert.Contains(text, "… [cut: ");
        foreach (var block in JsonNode.Parse(payload)!["blocks"]!.AsArray())
        {
            Assert.IsLessThanOrEqualTo(3000, ((string?)block!["text"]?["text"] ?? string.Empty).Length);
        }
    }

    [TestMethod]
    public async Task ManyChecksFailingInOneRun_SendOneDigestPerChannel()
    {
        var checks = "[" + string.Join(",", Enumerable.Range(1, 7).Select(i => $$"""{ "name": "table_{{i}}_volume", "type": "volume", "source": "mem", "table": "t{{i}}", "critical": { "min": 1 } }""")) + "]";
        await using var harness = await AlertingHarness.StartAsync(checks, digestAfter: 5);

        await harness.RunAsync(AlertingHarness.T0, [.. Enumerable.Range(1, 7).Select(i => ($"table_{i}_volume", CheckStatus.Critical))]);

        var digest = harness.Slack.Delivered.Single();
        Assert.AreEqual(":rotating_light: 7 checks need attention: 7 critical, 0 unknown, 0 warning", Header(digest));
        foreach (var i in Enumerable.Range(1, 7))
        {
            StringAssert.Contains(AllText(digest), $"*table_{i}_volume* CRITICAL (failure)");
        }
    }

    [TestMethod]
    public async Task MutedCheck_IsSilentUntilUnmuted_ThenTheFailureGoesOutOnce()
    {
        await using var harness = await AlertingHarness.StartAsync(OrdersCheck);
        var t = AlertingHarness.T0;
        await harness.Store.MuteAsync(new("orders_freshness", t.AddMinutes(40), "upstream migration"), CancellationToken.None);

        await harness.RunAsync(t, ("orders_freshness", CheckStatus.Critical));
        await harness.RunAsync(t.AddMinutes(15), ("orders_freshness", CheckStatus.Critical));
        await harness.RunAsync(t.AddMinutes(30), ("orders_freshness", CheckStatus.Critical));
        Assert.IsEmpty(harness.Slack.Delivered);

        await harness.RunAsync(t.AddMinutes(45), ("orders_freshness", CheckStatus.Critical));
        await harness.RunAsync(t.AddMinutes(60), ("orders_freshness", CheckStatus.Critical));

        CollectionAssert.AreEqual(new[] { "orders_freshness is CRITICAL" }, harness.Slack.Delivered.Select(Header).ToArray());
        Assert.HasCount(1, harness.Statsd.Calls, "the status change still reached Datadog while muted");
    }

    [TestMethod]
    public async Task MutedUntilInChecksJson_SilencesTheCheck()
    {
        await using var harness = await AlertingHarness.StartAsync(OrdersCheck.Replace("\"alert_after\": 2", "\"alert_after\": 1, \"muted_until\": \"2026-11-26T09:00:00Z\"", StringComparison.Ordinal));

        await harness.RunAsync(AlertingHarness.T0, ("orders_freshness", CheckStatus.Critical));
        await harness.RunAsync(AlertingHarness.T0.AddHours(1), ("orders_freshness", CheckStatus.Critical));

        CollectionAssert.AreEqual(new[] { "orders_freshness is CRITICAL" }, harness.Slack.Delivered.Select(Header).ToArray());
    }
}
