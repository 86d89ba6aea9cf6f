using CustomerData.Checks.Engine;

namespace CustomerData.Tests.Alerting.Slack;

/// <summary>Digests as delivered to the loopback Slack webhook: the worst first, counted, every CRITICAL named.</summary>
[TestClass]
public sealed class DigestMessageTests
{
    private const string Footer = "run `cdm run` to see them all";

    // 30 checks in input order: 23 WARNING, then 3 UNKNOWN, then 4 CRITICAL owned by the team with a mention.
    private static readonly (string Check, CheckStatus Status)[] Thirty = [.. Enumerable.Range(1, 30)
        .Select(i => ($"check_{i:00}", i <= 23 ? CheckStatus.Warning : i <= 26 ? CheckStatus.Unknown : CheckStatus.Critical))];

    private static string ThirtyChecks => "[" + string.Join(",", Enumerable.Range(1, 30).Select(i =>
        $$"""{ "name": "check_{{i:00}}", "type": "volume", "source": "mem", "table": "t{{i}}", "critical": { "min": 1 }, "owner": "{{(i > 26 ? "order-data" : "team_x")}}" }""")) + "]";

    private static string Entry(string icon, int check, string status) =>
        $"{icon} *check_{check:00}* {status} (failure): 7h old\nwarning after 2h; critical after 6h";

    [TestMethod]
    public async Task DigestOfThirty_FourCriticalsLastInTheRun_ComeFirstAndAreCountedInTheHeader()
    {
        await using var harness = await AlertingHarness.StartAsync(ThirtyChecks);

        await harness.RunAsync(AlertingHarness.T0, Thirty);

        var digest = harness.Slack.Delivered.Single();
        const string Headline = ":rotating_light: 30 checks need attention: 4 critical, 3 unknown, 23 warning";
        string[] expected =
        [
            Headline,
            "<!subteam^S0ORDERS>\nWorst first: critical, unknown, warning. Failures in one run often share one broken upstream.",
            .. Enumerable.Range(27, 4).Select(i => Entry(":red_circle:", i, "CRITICAL")),
            .. Enumerable.Range(24, 3).Select(i => Entry(":white_circle:", i, "UNKNOWN")),
            .. Enumerable.Range(1, 13).Select(i => Entry(":large_yellow_circle:", i, "WARNING")),
            "and 10 more not listed (10 warning); " + Footer,
        ];
        CollectionAssert.AreEqual(expected, SlackPayloads.Texts(digest).ToArray());
        Assert.AreEqual(Headline, (string)System.Text.Json.Nodes.JsonNode.Parse(digest)!["text"]!);
        SlackPayloads.AssertWithinLimits(digest);
    }

    [TestMethod]
    public async Task DigestOfRecoveriesOnly_IsCalmAndMentionsNobody()
    {
        await using var harness = await AlertingHarness.StartAsync(ThirtyChecks);
        await harness.RunAsync(AlertingHarness.T0, Thirty);

        await harness.RunAsync(AlertingHarness.T0.AddMinutes(15), [.. Thirty.Select(c => (c.Check, CheckStatus.Ok))]);

        var recovered = harness.Slack.Delivered[1];
        string[] expected =
        [
            ":white_check_mark: 30 checks recovered",
            "All OK again: nothing to do.",
            .. Enumerable.Range(1, 20).Select(i => $":large_green_circle: *check_{i:00}* recovered after 15m: 7h old"),
            "and 10 more not listed (10 recovered); " + Footer,
        ];
        CollectionAssert.AreEqual(expected, SlackPayloads.Texts(recovered).ToArray());
        Assert.AreEqual(":white_check_mark: 30 checks recovered", (string)System.Text.Json.Nodes.JsonNode.Parse(recovered)!["text"]!);
        Assert.DoesNotContain("<!", recovered, "no <!subteam>, <!channel> or <!here>: a recovery pings nobody");
        Assert.DoesNotContain("<@", recovered);
        Assert.DoesNotContain(":rotating_light:", recovered);
        Assert.HasCount(2, harness.Slack.Delivered);
    }

    [TestMethod]
    public async Task MixedDigest_CountsRecoveriesApart_AndMentionsOnlyTheOwnersOfFailingChecks()
    {
        await using var harness = await AlertingHarness.StartAsync(ThirtyChecks);
        await harness.RunAsync(AlertingHarness.T0, [.. Thirty.Skip(26)]);

        // check_27..30 (owned by order-data) recover while check_01..03 (team_x, no mention) start failing.
        await harness.RunAsync(AlertingHarness.T0.AddMinutes(15), [.. Thirty.Skip(26).Select(c => (c.Check, CheckStatus.Ok)), .. Thirty.Take(3)]);

        string[] expected =
        [
            ":rotating_light: 3 checks need attention: 0 critical, 0 unknown, 3 warning; 4 recovered",
            "Worst first: critical, unknown, warning, then recovered. Failures in one run often share one broken upstream.",
            .. Enumerable.Range(1, 3).Select(i => Entry(":large_yellow_circle:", i, "WARNING")),
            .. Enumerable.Range(27, 4).Select(i => $":large_green_circle: *check_{i}* recovered after 15m: 7h old"),
            Footer,
        ];
        Assert.HasCount(5, harness.Slack.Delivered, "four failures, then one digest");
        CollectionAssert.AreEqual(expected, SlackPayloads.Texts(harness.Slack.Delivered[4]).ToArray());
    }

    [TestMethod]
    public async Task MoreCriticalsThanEntries_AreAllNamedCompactly_AndOnlyWarningsAreCounted()
    {
        var checks = "[" + string.Join(",", Enumerable.Range(1, 65).Select(i =>
            $$"""{ "name": "check_{{i:00}}", "type": "volume", "source": "mem", "table": "t{{i}}", "critical": { "min": 1 } }""")) + "]";
        await using var harness = await AlertingHarness.StartAsync(checks);

        await harness.RunAsync(AlertingHarness.T0, [.. Enumerable.Range(1, 65).Select(i => ($"check_{i:00}", i <= 5 ? CheckStatus.Warning : CheckStatus.Critical))]);

        var digest = harness.Slack.Delivered.Single();
        string[] expected =
        [
            ":rotating_light: 65 checks need attention: 60 critical, 0 unknown, 5 warning",
            "Worst first: critical, unknown, warning. Failures in one run often share one broken upstream.\n"
                + "60 critical checks are too many to describe: each is named below.",
            ":red_circle: *CRITICAL* (60): " + string.Join(", ", Enumerable.Range(6, 60).Select(i => $"`check_{i:00}`")),
            "and 5 more not listed (5 warning); " + Footer,
        ];
        CollectionAssert.AreEqual(expected, SlackPayloads.Texts(digest).ToArray());
        SlackPayloads.AssertWithinLimits(digest);
    }

    [TestMethod]
    public async Task CriticalNamesBeyondOneMessage_GoOutInNumberedParts_EachWithinSlackLimits()
    {
        // 1,500 names of 50 characters: 47 fit in a section of 2,600 characters, 3 sections in a message, so 32 sections in 11 parts.
        static string Name(int i) => $"critical_{i:0000}_" + new string('x', 36);
        var checks = "[" + string.Join(",", Enumerable.Range(1, 1_500).Select(i =>
            $$"""{ "name": "{{Name(i)}}", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } }""")) + "]";
        await using var harness = await AlertingHarness.StartAsync(checks);

        await harness.RunAsync(AlertingHarness.T0, [.. Enumerable.Range(1, 1_500).Select(i => (Name(i), CheckStatus.Critical))]);

        var parts = harness.Slack.Delivered;
        Assert.HasCount(11, parts);
        var named = new List<string>();
        for (var part = 0; part < parts.Count; part++)
        {
            SlackPayloads.AssertWithinLimits(parts[part]);
            var texts = SlackPayloads.Texts(parts[part]);
            Assert.AreEqual($":rotating_light: 1500 checks need attention: 1500 critical, 0 unknown, 0 warning (part {part + 1} of 11)", texts[0]);
            Assert.AreEqual(part == 10 ? Footer : $"continued in part {part + 2} of 11", texts[^1]);
            var sections = texts.Skip(part == 0 ? 2 : 1).SkipLast(1).ToList();
            Assert.HasCount(part == 10 ? 2 : 3, sections);
            named.AddRange(sections.SelectMany(s => s[s.IndexOf('`', StringComparison.Ordinal)..].Split(", ")));
        }

        CollectionAssert.AreEqual(Enumerable.Range(1, 1_500).Select(i => $"`{Name(i)}`").ToArray(), named.ToArray());
    }
}
