using CustomerData.Checks;
using CustomerData.Checks.Loading;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Loading;

/// <summary>
/// What validate accepts, serve and run can use: a schedule that never fires again (serve's scheduler refuses it at
/// start), and a muted_until without a zone (it would be the machine's local time) are refused at their line.
/// </summary>
[TestClass]
public sealed class ScheduleAndInstantTests
{
    // The field under test sits on line 4.
    private static string Config(string field) => $$"""
        {
          "sources": { "db": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT range AS id FROM range(3)"] } },
          "checks": [ { "name": "a", "type": "volume", "source": "db", "table": "t", "critical": { "min": 1 },
            {{field}} } ]
        }
        """;

    private static string[] Errors(string field) =>
        [.. new ConfigLoader(Catalog.Default, _ => null).Load(Config(field), "checks.json").Errors.Select(e => e.ToString())];

    [TestMethod]
    [DataRow("0 0 0 30 2 ?")]
    [DataRow("0 0 0 31 4,6,9,11 ?")]
    [DataRow("0 0 0 1 1 ? 2020")]
    public void ScheduleThatNeverFiresAgain_IsRefused(string cron)
    {
        CollectionAssert.AreEqual(
            new[] { $"checks.json:4:5: $.checks[0].schedule: the cron expression \"{cron}\" never fires again\n    hint: check the day against the month (February has no 30th) and any year field, which must not be past" },
            Errors($"\"schedule\": \"{cron}\""));
    }

    [TestMethod]
    [DataRow("0 0 0 29 2 ?")]
    [DataRow("0 0 0 1 1 ? 2099")]
    [DataRow("0 0 0 L * ?")]
    public void RareSchedule_IsValid(string cron) =>
        CollectionAssert.AreEqual(Array.Empty<string>(), Errors($"\"schedule\": \"{cron}\""));

    [TestMethod]
    public void DefaultScheduleThatNeverFires_IsRefusedAtDefaults()
    {
        var json = Config("\"enabled\": true").Replace("\"sources\"", "\"defaults\": { \"schedule\": \"0 0 0 30 2 ?\" },\n  \"sources\"", StringComparison.Ordinal);

        var error = new ConfigLoader(Catalog.Default, _ => null).Load(json, "checks.json").Errors.Single();

        Assert.AreEqual(("$.defaults.schedule", 2), (error.Path, error.Line));
    }

    [TestMethod]
    public async Task Serve_OnAScheduleThatNeverFires_ExitsTwoAtItsLine_NotThreeFromTheScheduler()
    {
        var config = CliRunner.WriteConfig(Config("\"schedule\": \"0 0 0 30 2 ?\""));

        var outcome = await CliRunner.RunAsync("serve", "--config", config, "--health-port", "0");

        Assert.AreEqual(2, outcome.ExitCode, outcome.Error);
        StringAssert.StartsWith(outcome.Error, $"{config}:4:5: $.checks[0].schedule: the cron expression \"0 0 0 30 2 ?\" never fires again\n");
    }

    [TestMethod]
    public void MutedUntil_WithoutAZone_IsRefused()
    {
        CollectionAssert.AreEqual(
            new[] { "checks.json:4:5: $.checks[0].muted_until: \"2026-12-01T09:00:00\" has no time zone\n    hint: add Z for UTC or an offset, such as \"2026-12-01T09:00:00Z\" or \"2026-12-01T09:00:00+01:00\"" },
            Errors("\"muted_until\": \"2026-12-01T09:00:00\""));
    }

    [TestMethod]
    [DataRow("2026-12-01T09:00:00Z", "2026-12-01T09:00:00+00:00")]
    [DataRow("2026-12-01T09:00:00+01:00", "2026-12-01T08:00:00+00:00")]
    [DataRow("2026-12-01T09:00:00.5-05:30", "2026-12-01T14:30:00.5000000+00:00")]
    public void MutedUntil_WithAZone_IsThatInstant(string written, string utc)
    {
        var config = new ConfigLoader(Catalog.Default, _ => null).Load(Config($"\"muted_until\": \"{written}\""), "checks.json").Config!;

        Assert.AreEqual(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), config.Checks[0].MutedUntil);
    }
}
