using System.Text;
using CustomerData.Alerts.Slack;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

/// <summary>
/// Broken and hostile checks files, each answered with one exact message: a whole-file problem as "file: message",
/// everything else at its line and column. Nothing here may throw.
/// </summary>
[TestClass]
public sealed class HostileConfigTests
{
    private const string Fresh = "\"name\": \"a\", \"type\": \"freshness\", \"source\": \"db\", \"table\": \"t\", \"column\": \"c\"";
    private const string Volume = "\"name\": \"a\", \"type\": \"volume\", \"source\": \"db\", \"table\": \"t\", \"critical\": {\"min\": 1}";
    private const string Dynamo = "\"name\": \"a\", \"type\": \"freshness\", \"source\": \"dyn\", \"table\": \"prod-user.profiles_v2\", \"column\": \"updated_at\", \"critical_after\": \"6h\", \"time_format\": \"epoch_millis\"";

    // The check under test always sits alone on line 4.
    private static string WithCheck(string check) => $$"""
        {
          "sources": { "db": { "type": "duckdb", "path": ":memory:" }, "dyn": { "type": "dynamodb", "region": "eu-west-1", "max_read_units_per_second": 50 } },
          "checks": [
            {{check}}
          ]
        }
        """;

    private static ConfigError Single(byte[] bytes)
    {
        var result = new ConfigLoader(Catalog.Default, _ => null).Load(bytes, "checks.json");
        Assert.IsNull(result.Config);
        Assert.HasCount(1, result.Errors, string.Join("\n", result.Errors));
        return result.Errors[0];
    }

    private static ConfigError Single(string json) => Single(Encoding.UTF8.GetBytes(json));

    /// <summary>The 1-based column of <paramref name="needle"/> on line 4 (the check's line).</summary>
    private static int Column(string json, string needle) => json.Split('\n')[3].IndexOf(needle, StringComparison.Ordinal) + 1;

    [TestMethod]
    [DataRow(new byte[0], "checks.json: the file is empty")]
    [DataRow(new byte[] { 0xEF, 0xBB, 0xBF }, "checks.json: the file holds only a byte order mark (EF BB BF) and no JSON")]
    [DataRow(new byte[] { 0xEF, 0xBB, 0xBF, 0x20, 0x0A }, "checks.json: the file holds only whitespace and no JSON")]
    [DataRow(new byte[] { 0xFF }, "checks.json: not UTF-8: invalid byte 0xFF at byte offset 0 (line 1)")]
    [DataRow(new byte[] { 0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00 }, "checks.json: the file is UTF-16 (it starts with the byte order mark FF FE), not UTF-8")]
    public void WholeFileProblems_AreOneLineNamingTheFile(byte[] bytes, string expected)
    {
        var error = Single(bytes);

        Assert.IsTrue(error.IsFileLevel);
        Assert.AreEqual(expected, error.ToString().Split('\n')[0]);
    }

    [TestMethod]
    public void InvalidUtf8_NamesTheByteOffsetOfTheFirstInvalidByte_CountingTheBom()
    {
        // "{\n  \"a\": \"é" with the é cut after its first byte, then a quote: offset 3 (BOM) + 10.
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "{\n  \"a\": \""u8, 0xC3, .. "\"}"u8];

        var error = Single(bytes);

        Assert.AreEqual("checks.json: not UTF-8: invalid byte 0xC3 at byte offset 13 (line 2)", error.ToString().Split('\n')[0]);
        Assert.AreEqual("save the file as UTF-8, the encoding JSON files use (an editor's \"Save with encoding\" does it)", error.Hint);
    }

    [TestMethod]
    public void LoneSurrogateEscape_IsReportedAtTheString_WithoutEchoingComplaints()
    {
        var json = WithCheck("{" + Volume.Replace("\"name\": \"a\"", "\"name\": \"a\\ud800\"", StringComparison.Ordinal) + "}");

        var error = Single(json);

        Assert.AreEqual($"checks.json:4:{Column(json, "\"name\"")}: $.checks[0].name: \"\\ud800\" is a lone surrogate escape, which encodes no character", error.ToString().Split('\n')[0]);
    }

    [TestMethod]
    public void LoneSurrogateEscape_InAFieldName_IsReportedThere()
    {
        var error = Single("{\n  \"\\udc00x\": 1,\n  \"sources\": {},\n  \"checks\": []\n}");

        Assert.AreEqual("checks.json:2:3: $['\\udc00x']: \"\\udc00\" is a lone surrogate escape, which encodes no character", error.ToString().Split('\n')[0]);
    }

    [TestMethod]
    [DataRow("\"critical_after\": \"10675199d10675199d\"", "critical_after", "critical_after 10675199d10675199d is longer than the 3650d limit")]
    [DataRow("\"critical_after\": \"99999999999999999999w\"", "critical_after", "critical_after 99999999999999999999w is longer than the 3650d limit")]
    [DataRow("\"critical_after\": \"3651d\"", "critical_after", "critical_after 3651d is longer than the 3650d limit")]
    [DataRow("\"critical_after\": \"6h\", \"timeout\": \"25h\"", "timeout", "timeout 25h is longer than the 24h limit")]
    [DataRow("\"critical_after\": \"6h\", \"renotify_after\": \"521w4d\"", "renotify_after", "renotify_after 521w4d is longer than the 3650d limit")]
    public void DurationPastItsBound_IsAValidationErrorNamingTheBound(string fields, string field, string message)
    {
        var json = WithCheck("{" + Fresh + ", " + fields + "}");

        var error = Single(json);

        Assert.AreEqual($"$.checks[0].{field}", error.Path);
        Assert.AreEqual((4, Column(json, $"\"{field}\"")), (error.Line, error.Column));
        Assert.AreEqual(message, error.Message);
    }

    [TestMethod]
    public void WindowOf740000Days_IsRefusedWithTheBound()
    {
        var json = WithCheck("{" + Volume + ", \"time_column\": \"ts\", \"window\": \"740000d\"}");

        var error = Single(json);

        Assert.AreEqual($"checks.json:4:{Column(json, "\"window\"")}: $.checks[0].window: window 740000d is longer than the 3650d limit\n    hint: write at most 3650d", error.ToString());
    }

    [TestMethod]
    [DataRow("trailing")]
    [DataRow("complete")]
    public void WindowAtTheBound_IsPlannedWithoutOverflow(string alignment)
    {
        var config = Configs.Valid(WithCheck("{" + Volume + $", \"time_column\": \"ts\", \"window\": \"3650d\", \"window_alignment\": \"{alignment}\"}}"));
        var now = new DateTimeOffset(2026, 11, 26, 10, 20, 0, TimeSpan.Zero);

        var plan = new Planner(Catalog.Default).Plan(config, config.Checks, now);

        var window = plan.Single().Measurement.Measures.Single().Scope.Window!;
        Assert.AreEqual(alignment == "trailing" ? now.AddDays(-3650) : new DateTimeOffset(2016, 11, 28, 0, 0, 0, TimeSpan.Zero), window.Start);
    }

    [TestMethod]
    public void SchedulerWaits_AreBoundTo24Hours()
    {
        var error = Single("{\n  \"scheduler\": { \"shutdown_grace\": \"2d\" },\n  \"sources\": {},\n  \"checks\": []\n}");

        Assert.AreEqual("checks.json:2:18: $.scheduler.shutdown_grace: shutdown_grace 2d is longer than the 24h limit", error.ToString().Split('\n')[0]);
    }

    [TestMethod]
    [DataRow("{\n  // the sources\n  \"sources\": {},\n  \"checks\": []\n}", "checks.json:2:3: $: comments are not JSON: remove it; jq and other JSON tools reject the file")]
    [DataRow("{\n  \"sources\": {}, /* none yet */\n  \"checks\": []\n}", "checks.json:2:18: $: comments are not JSON: remove it; jq and other JSON tools reject the file")]
    [DataRow("{\n  \"sources\": {},\n  \"checks\": [],\n}", "checks.json:3:15: $: trailing commas are not JSON: remove it; jq and other JSON tools reject the file")]
    [DataRow("{\n  \"sources\": { \"db\": { \"type\": \"duckdb\", \"path\": \":memory:\", } },\n  \"checks\": []\n}", "checks.json:2:60: $.sources.db: trailing commas are not JSON: remove it; jq and other JSON tools reject the file")]
    [DataRow("{\n  \"sources\": {},\n  \"checks\": [\n  ]\n}\n// end", "checks.json:6:1: $: comments are not JSON: remove it; jq and other JSON tools reject the file")]
    public void CommentsAndTrailingCommas_AreRefusedWhereTheyStand(string json, string expected)
    {
        Assert.AreEqual(expected, Single(json).ToString().Split('\n')[0]);
    }

    [TestMethod]
    public void CommentsAndTrailingCommas_AreAllReportedAlongWithTheOtherMistakes()
    {
        var errors = Configs.Load("{\n  // note\n  \"sources\": {},\n  \"checks\": [ { \"name\": \"a\" }, ],\n}").Errors;

        CollectionAssert.AreEqual(
            new[] { "2:3 comments are not JSON", "4:15 missing required field \"type\"", "4:30 trailing commas are not JSON", "4:33 trailing commas are not JSON" }.Order().ToArray(),
            errors.Select(e => $"{e.Line}:{e.Column} {e.Message.Split(':')[0]}").Order().ToArray());
    }

    [TestMethod]
    [DataRow("\"table\": \"t\"", "\"table\": \"sales.orders\\n\"", "$.checks[0].table", "\"table\"", "table name \"sales.orders\\u000A\" holds the control character U+000A (line feed) at character 13")]
    [DataRow("\"table\": \"t\"", "\"table\": \"orders\\t\"", "$.checks[0].table", "\"table\"", "table name \"orders\\u0009\" holds the control character U+0009 (tab) at character 7")]
    [DataRow("\"column\": \"c\"", "\"column\": \"c\\u202Eb\"", "$.checks[0].column", "\"column\"", "column name \"c\\u202Eb\" holds the control character U+202E (right-to-left override) at character 2")]
    [DataRow("\"name\": \"a\"", "\"name\": \"a\\u2028\"", "$.checks[0].name", "\"name\"", "check name \"a\\u2028\" holds the control character U+2028 (line separator) at character 2")]
    [DataRow("\"column\": \"c\"", "\"column\": \"c\", \"owner\": \"data\\u2066team\"", "$.checks[0].owner", "\"owner\"", "owner \"data\\u2066team\" holds the control character U+2066 (bidirectional isolate) at character 5")]
    [DataRow("\"column\": \"c\"", "\"column\": \"c\", \"tags\": [\"ok\", \"x\\u0000\"]", "$.checks[0].tags[1]", "\"x\\u0000\"", "tag \"x\\u0000\" holds the control character U+0000 (NUL) at character 2")]
    [DataRow("\"column\": \"c\"", "\"column\": \"c\", \"notify\": { \"slack\": \"#a\\r\" }", "$.checks[0].notify.slack", "\"slack\"", "Slack channel \"#a\\u000D\" holds the control character U+000D (carriage return) at character 3")]
    public void ControlCharacters_InIdentifiers_AreRefusedAtTheirPosition(string replaced, string replacement, string path, string at, string message)
    {
        var json = WithCheck("{" + Fresh.Replace(replaced, replacement, StringComparison.Ordinal) + ", \"critical_after\": \"6h\"}");

        var error = Single(json);

        Assert.AreEqual(path, error.Path);
        Assert.AreEqual(message, error.Message);
        Assert.AreEqual("remove it: names reach SQL, shell commands, logs, Slack and Datadog, where an invisible or line-breaking character changes what they say", error.Hint);
        Assert.AreEqual(4, error.Line);
        Assert.AreEqual(Column(json, at), error.Column);
    }

    [TestMethod]
    public void TimeColumn_WithATrailingNewline_IsRefused()
    {
        // The identifier pattern once ended in $, which also matches before a final newline.
        var error = Single(WithCheck("{" + Volume + ", \"time_column\": \"created_at\\n\", \"window\": \"1d\"}"));

        Assert.AreEqual("$.checks[0].time_column", error.Path);
        Assert.AreEqual("column name \"created_at\\u000A\" holds the control character U+000A (line feed) at character 11", error.Message);
    }

    [TestMethod]
    public void SourceName_WithANewline_IsRefused()
    {
        var error = Single("{\n  \"sources\": { \"db\\n\": { \"type\": \"duckdb\", \"path\": \":memory:\" } },\n  \"checks\": []\n}");

        Assert.AreEqual("checks.json:2:16: $.sources['db\\u000A']: source name \"db\\u000A\" holds the control character U+000A (line feed) at character 3", error.ToString().Split('\n')[0]);
    }

    [TestMethod]
    [DataRow("\"by_time\\nrm -rf /\"", "DynamoDB index name \"by_time\\u000Arm -rf /\" holds the control character U+000A (line feed) at character 8")]
    [DataRow("\"by_time\\u202E\"", "DynamoDB index name \"by_time\\u202E\" holds the control character U+202E (right-to-left override) at character 8")]
    [DataRow("\"by time\"", "invalid DynamoDB index name \"by time\"")]
    [DataRow("\"ix\"", "DynamoDB index names have 3 to 255 characters, \"ix\" has 2")]
    public void DynamoDbIndexName_IsHeldToDynamoDbsRule_AndRefusesControlCharacters(string index, string message)
    {
        var json = WithCheck("{" + Dynamo + ", \"index\": " + index + ", \"partition_key_values\": [\"all\"]}");

        var error = Single(json);

        Assert.AreEqual("$.checks[0].index", error.Path);
        Assert.AreEqual((4, Column(json, "\"index\"")), (error.Line, error.Column));
        Assert.AreEqual(message, error.Message);
    }

    [TestMethod]
    public void DynamoDbNames_WithHyphensAndDots_StayValid()
    {
        var config = Configs.Valid(WithCheck("{" + Dynamo + ", \"index\": \"gsi-updated.at_v2\", \"partition_key_values\": [\"all\"]}"));

        Assert.AreEqual("gsi-updated.at_v2", ((FreshnessCheckDefinition)config.Checks[0]).Index);
    }

    [TestMethod]
    public void DynamoDbTableName_WithANewline_IsRefused()
    {
        var error = Single(WithCheck("{" + Dynamo.Replace("prod-user.profiles_v2", "profiles\\n", StringComparison.Ordinal) + "}"));

        Assert.AreEqual("$.checks[0].table", error.Path);
        Assert.AreEqual("DynamoDB table name \"profiles\\u000A\" holds the control character U+000A (line feed) at character 9", error.Message);
    }

    [TestMethod]
    [DataRow("\"min_rows\": 99999999999999999999", "$.checks[0].min_rows", "expected a whole number, found the number 99999999999999999999")]
    [DataRow("\"alert_after\": 1e999", "$.checks[0].alert_after", "expected a whole number, found the number 1e999")]
    [DataRow("\"warn\": {\"max\": 1e999}", "$.checks[0].warn.max", "the number 1e999 is too large")]
    public void HugeNumbers_AreValidationErrors(string field, string path, string message)
    {
        var error = Single(WithCheck("{\"name\": \"a\", \"type\": \"null_rate\", \"source\": \"db\", \"table\": \"t\", \"column\": \"c\", \"critical\": {\"max\": 0.5}, " + field + "}"));

        Assert.AreEqual((path, message), (error.Path, error.Message));
    }

    [TestMethod]
    public void DiscriminatorWrittenTwice_IsReportedNotThrown()
    {
        var result = Configs.Load(WithCheck("{" + Volume + ", \"type\": \"freshness\"}"));

        Assert.IsFalse(result.IsValid);
        Assert.IsTrue(result.Errors.All(e => e.Line == 4 && e.Path.StartsWith("$.checks[0]", StringComparison.Ordinal)), string.Join("\n", result.Errors));
        Assert.IsFalse(result.Errors.Any(e => e.Message.StartsWith(ConfigLoader.InternalError, StringComparison.Ordinal)), string.Join("\n", result.Errors));
    }

    [TestMethod]
    public void DeepNesting_IsRefusedAtTheLevelPastTheLimit()
    {
        var error = Single(new string('[', 10_000) + new string(']', 10_000));

        Assert.AreEqual("checks.json:1:65: $: objects and arrays are nested more than 64 levels deep", error.ToString().Split('\n')[0]);
    }

    [TestMethod]
    public void CheckNotifyingAChannelWithoutWebhookEntry_IsRefusedAtItsNotify()
    {
        var json = WithCheck("{" + Volume + ", \"notify\": { \"slack\": \"#orders-alerts\" }}");

        var error = Single(json);

        Assert.AreEqual($"checks.json:4:{Column(json, "\"slack\"")}: $.checks[0].notify.slack: no webhook is named for the Slack channel \"#orders-alerts\" under notifications.slack.webhooks", error.ToString().Split('\n')[0]);
        Assert.AreEqual("add \"#orders-alerts\": \"SLACK_WEBHOOK_ORDERS_ALERTS\" to notifications.slack.webhooks (the environment variable holding its webhook URL), or \"#orders-alerts\": \"console\" to print its messages on purpose", error.Hint);
    }

    [TestMethod]
    public void DefaultChannelWithoutWebhookEntry_IsRefusedAtDefaultsNotify()
    {
        var error = Single("{\n  \"defaults\": { \"notify\": { \"slack\": \"#alerts\" } },\n  \"sources\": { \"db\": { \"type\": \"duckdb\", \"path\": \":memory:\" } },\n  \"checks\": [ {" + Volume + "} ]\n}");

        Assert.AreEqual("checks.json:2:29: $.defaults.notify.slack: no webhook is named for the Slack channel \"#alerts\" under notifications.slack.webhooks", error.ToString().Split('\n')[0]);
    }

    [TestMethod]
    public void DefaultChannelThatNoCheckUses_NeedsNoEntry()
    {
        var config = Configs.Valid("{\n  \"defaults\": { \"notify\": { \"slack\": \"#unused\" } },\n  \"notifications\": { \"slack\": { \"webhooks\": { \"#a\": \"SLACK_A\" } } },\n  \"sources\": { \"db\": { \"type\": \"duckdb\", \"path\": \":memory:\" } },\n  \"checks\": [ {" + Volume + ", \"notify\": { \"slack\": \"#a\" } } ]\n}");

        Assert.AreEqual("#a", config.Checks[0].Notify!.Slack);
    }

    [TestMethod]
    public void TemplatePathWithANul_IsAConfigurationError_NotAnException()
    {
        var path = CliRunner.WriteConfig("{\n  \"defaults\": { \"notify\": { \"slack\": \"#a\", \"templates\": { \"failure\": \"x\\u0000.sbn\" } } },\n  \"notifications\": { \"slack\": { \"webhooks\": { \"#a\": \"console\" } } },\n  \"sources\": { \"db\": { \"type\": \"duckdb\", \"path\": \":memory:\" } },\n  \"checks\": [ {" + Volume + "} ]\n}");

        var (loaded, errors) = Monitors.Cli.LoadedConfig.Read(path, Path.GetTempPath(), _ => null);

        Assert.IsNull(loaded);
        var error = errors.Single();
        Assert.AreEqual("$.defaults.notify.templates.failure", error.Path);
        Assert.AreEqual("template file x\\u0000.sbn cannot be read: Null character in path.", error.Message);
    }

    [TestMethod]
    public async Task ConsoleEntry_IsAccepted_AndPrintsWithoutExplaining()
    {
        var config = Configs.Valid("{\n  \"defaults\": { \"notify\": { \"slack\": \"#alerts\" } },\n  \"notifications\": { \"slack\": { \"webhooks\": { \"#alerts\": \"console\", \"#other\": \"SLACK_OTHER\" } } },\n  \"sources\": { \"db\": { \"type\": \"duckdb\", \"path\": \":memory:\" } },\n  \"checks\": [ {" + Volume + "} ]\n}");
        using var http = new HttpClient();
        using var console = new StringWriter();
        var routing = new SlackRouting(config, _ => null, http, console);

        await routing.SenderFor("#alerts").SendAsync(new Alerts.Outbox.OutboxMessage(1, "#alerts", "a", "failure", "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"hello\"}}]}", DateTimeOffset.UnixEpoch), CancellationToken.None);
        var other = routing.SenderFor("#other");

        StringAssert.Contains(console.ToString(), "hello");
        Assert.DoesNotContain("SLACK_OTHER", console.ToString(), "the console channel prints without explaining");
        Assert.IsInstanceOfType<Alerts.Outbox.BlockedSender>(other, "a channel whose variable is unset waits in the outbox");
    }
}
