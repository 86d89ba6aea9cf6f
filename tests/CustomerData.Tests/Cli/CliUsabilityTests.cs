using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.Output;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Cli;

/// <summary>Output for people and mistakes caught: widths, colour, plurals, JSON units and escapes, selection, hints.</summary>
// Not in parallel with other classes: concurrent DuckDB connections to the demo file in one process share one instance,
// whose settings the first connection locks (a later one cannot SET TimeZone); see the report of issue 17.
[TestClass]
[DoNotParallelize]
public sealed class CliUsabilityTests
{
    private const string KnownTags = "known tags: domain:crm, domain:marketing, domain:sales";

    [TestMethod]
    public async Task Run_OneCheck_SaysOneCheck()
    {
        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--check", "orders_freshness", "--no-alerts");

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        StringAssert.Matches(outcome.Out, new Regex(@"(?m)^1 check: 1 ok, 0 warning, 0 critical, 0 unknown \(\d+m?s\)$"));
    }

    [TestMethod]
    public async Task Run_AllEight_KeepsTheLineCiGreps()
    {
        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--no-alerts");

        StringAssert.Matches(outcome.Out, new Regex(@"(?m)^16 checks: [1-9][0-9]* ok, 4 warning, 7 critical, 0 unknown"));
    }

    [TestMethod]
    public async Task Run_At100Columns_FitsAndWrapsTheExpectation()
    {
        var env = new Dictionary<string, string> { ["COLUMNS"] = "100" };
        var outcome = await CliRunner.RunWithAsync(env, DemoFixture.Now, "run", "--config", CliRunner.RootConfig, "--no-alerts");

        var table = outcome.Out.ReplaceLineEndings("\n").Split("\n\n")[0].Split('\n');
        Assert.IsTrue(table.All(line => line.Length <= 100), outcome.Out + outcome.Error);
        var row = Array.FindIndex(table, line => line.StartsWith("CRITICAL  events_campaign_null_rate_1d", StringComparison.Ordinal));
        var expectedColumn = table[0].IndexOf("EXPECTED", StringComparison.Ordinal);
        var first = table[row][expectedColumn..];
        var second = table[row + 1];
        Assert.AreEqual(new string(' ', expectedColumn), second[..expectedColumn], "the continuation line starts under EXPECTED");
        var firstPart = first[..first.IndexOf("  ", StringComparison.Ordinal)];
        Assert.AreEqual("warning above 0.02 (2%); critical above 0.1 (10%)", firstPart + " " + second.Trim());
    }

    [TestMethod]
    public void Wrap_BreaksAfterSpaces_AndCutsWordsLongerThanTheWidth()
    {
        CollectionAssert.AreEqual(
            new[] { "warning above 0.02 (2%);", "critical above 0.1 (10%)" },
            ResultTableWriter.Wrap("warning above 0.02 (2%); critical above 0.1 (10%)", 30));
        CollectionAssert.AreEqual(new[] { "abcde", "fgh" }, ResultTableWriter.Wrap("abcdefgh", 5));
    }

    [TestMethod]
    [DataRow(true, null, true)]
    [DataRow(true, "1", false)]
    [DataRow(false, null, false)]
    public async Task Colour_OnlyOnATerminal_AndNeverWithNoColor(bool terminal, string? noColor, bool coloured)
    {
        var demo = await DemoFixture.PathAsync();
        var env = new Dictionary<string, string?> { ["CUSTOMERDATA_DEMO_PATH"] = demo, ["NO_COLOR"] = noColor };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, new FakeTimeProvider(DemoFixture.Now), name => env.GetValueOrDefault(name), new TerminalInfo(terminal, terminal, 160));

        var code = await CliApp.RunAsync(["run", "--config", CliRunner.RootConfig, "--no-alerts", "--check", "events_freshness", "--check", "orders_freshness"], console, CancellationToken.None);

        Assert.AreEqual(1, code, error.ToString() + output.ToString());
        var text = output.ToString();
        Assert.AreEqual(coloured, text.Contains("\u001b[31mCRITICAL\u001b[0m  events_freshness", StringComparison.Ordinal), text);
        Assert.AreEqual(coloured, text.Contains("\u001b[32mOK\u001b[0m        orders_freshness", StringComparison.Ordinal), text);
        Assert.AreEqual(coloured, text.Contains('\u001b', StringComparison.Ordinal), text);
    }

    [TestMethod]
    public async Task Json_WritesQuotesAsThemselves_AndTheValueUnit()
    {
        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--no-alerts", "--format", "json",
            "--check", "customers_email_null_rate_fr", "--check", "orders_freshness", "--check", "orders_daily_volume");

        var lines = outcome.Out.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        StringAssert.Contains(outcome.Out, "country = 'FR'");
        Assert.IsFalse(outcome.Out.Contains("\\u0027", StringComparison.Ordinal), outcome.Out);
        var units = lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.TryGetProperty("check", out _))
            .ToDictionary(e => e.GetProperty("check").GetString()!, e => e.GetProperty("value_unit").GetString());
        Assert.AreEqual("ratio", units["customers_email_null_rate_fr"]);
        Assert.AreEqual("seconds", units["orders_freshness"]);
        Assert.AreEqual("rows", units["orders_daily_volume"]);
    }

    [TestMethod]
    public void Json_RelaxedEncoder_StillEscapesWhatBreaksALine()
    {
        var text = JsonSerializer.Serialize(new { s = "a'b+c<d>&\"e\\f\ng\u2028h é" }, JsonLinesWriter.Options);

        Assert.AreEqual("{\"s\":\"a'b+c<d>&\\\"e\\\\f\\ng\\u2028h é\"}", text);
    }

    [TestMethod]
    public async Task UnknownTag_ExitsTwo_WithTheClosestAndTheKnownTags()
    {
        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--tag", "domain:slaes");

        Assert.AreEqual(2, outcome.ExitCode);
        Assert.AreEqual($"no check carries the tag \"domain:slaes\"; did you mean \"domain:sales\"?\n{KnownTags}\n", outcome.Error.ReplaceLineEndings("\n"));
        Assert.AreEqual(string.Empty, outcome.Out);
    }

    [TestMethod]
    public async Task SeveralTags_SelectTheUnion_AndAllTagsTheIntersection()
    {
        var union = await CliRunner.RunAsync("plan", "--config", CliRunner.RootConfig, "--tag", "domain:crm", "--tag", "domain:marketing");
        var both = await CliRunner.RunAsync("plan", "--config", CliRunner.RootConfig, "--tag", "domain:crm", "--tag", "domain:marketing", "--all-tags");

        Assert.AreEqual(0, union.ExitCode, union.Error);
        foreach (var name in new[] { "customers_freshness", "customers_email_null_rate_fr", "events_freshness", "events_campaign_null_rate_1d" })
        {
            StringAssert.Contains(union.Out, name);
        }

        Assert.IsFalse(union.Out.Contains("orders_freshness", StringComparison.Ordinal), union.Out);
        Assert.AreEqual(2, both.ExitCode);
        Assert.AreEqual($"--tag domain:crm --tag domain:marketing --all-tags selects no enabled check\n{KnownTags}\n", both.Error.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public async Task Help_SaysSeveralTagsAreTheUnion()
    {
        var outcome = await CliRunner.RunAsync("run", "--help");

        StringAssert.Contains(outcome.Out, "(repeatable: checks carrying any of them)");
        StringAssert.Contains(outcome.Out, "--all-tags");
    }

    [TestMethod]
    public async Task Help_UsesTheConfiguredCommandName()
    {
        var env = new Dictionary<string, string> { ["CUSTOMERDATA_COMMAND"] = "dotnet run --project monitors --" };
        var named = await CliRunner.RunWithAsync(env, DemoFixture.Now, "run", "--help");
        var plain = await CliRunner.RunAsync("run", "--help");

        StringAssert.Contains(named.Out, "\n    dotnet run --project monitors -- run --check orders_freshness --format json\n");
        StringAssert.Contains(plain.Out, "\n    cdm run --check orders_freshness --format json\n");
    }

    [TestMethod]
    public void CommandHint_CarriesConfigOnlyWhenNotTheDefault()
    {
        Func<string, string?> none = _ => null;

        Assert.AreEqual("cdm run --check a", CommandHint.For("checks.json", none).Line("run --check a"));
        Assert.AreEqual("cdm run --check a", CommandHint.For(Path.GetFullPath("checks.json"), none).Line("run --check a"));
        Assert.AreEqual("cdm run --check a --config prod/checks.json", CommandHint.For("prod/checks.json", none).Line("run --check a"));
        Assert.AreEqual("cdm run --config 'my checks/it'\\''s.json'", CommandHint.For("my checks/it's.json", none).Line("run"));
        Assert.AreEqual("monitor run", CommandHint.For("checks.json", n => n == "CUSTOMERDATA_COMMAND" ? "monitor" : null).Line("run"));
    }

    [TestMethod]
    public async Task SlackReminder_NamesTheCommandAndTheFile()
    {
        var data = CliRunner.NewDataDirectory();
        var config = CliRunner.WriteConfig(File.ReadAllText(CliRunner.RootConfig)
            .Replace("\"#customer-data-alerts\": \"SLACK_WEBHOOK_CUSTOMER_DATA\"", "\"#customer-data-alerts\": \"console\"", StringComparison.Ordinal));
        var outcome = await CliRunner.RunAsync("run", "--config", config, "--check", "events_freshness", "--data-dir", data);

        StringAssert.Contains(outcome.Out, $"cdm run --check events_freshness --config {config}");
    }
}
