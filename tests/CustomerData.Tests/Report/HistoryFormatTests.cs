using System.Text.Json;
using CustomerData.Monitors.Cli;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Report;

/// <summary>history in the configured time zone, as a table and as JSON lines.</summary>
[TestClass]
public sealed class HistoryFormatTests
{
    [TestMethod]
    public async Task Json_lines_carry_every_field_with_times_in_the_configured_zone()
    {
        var fixture = await ReportFixture.CreateAsync();
        var outcome = await CliRunner.RunWithAsync(new Dictionary<string, string>(), ReportFixture.Now,
            "history", "--check", "orders_volume", "--since", "3d", "--format", "json", "--config", fixture.ConfigPath, "--data-dir", fixture.DataDirectory);

        Assert.AreEqual(ExitCodes.Ok, outcome.ExitCode, outcome.Error);
        var lines = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        CollectionAssert.AreEqual(
            new[] { "2026-11-24T08:00:00.000+01:00", "2026-11-25T08:00:00.000+01:00", "2026-11-26T08:00:00.000+01:00" },
            lines.Select(l => l.GetProperty("measured_at").GetString()).ToArray());
        Assert.AreEqual("critical", lines[2].GetProperty("status").GetString());
        Assert.AreEqual(10, lines[2].GetProperty("value").GetDouble());
        Assert.AreEqual(10_485_760, lines[2].GetProperty("bytes_billed").GetInt64());
        Assert.AreEqual(JsonValueKind.Null, lines[2].GetProperty("read_units").ValueKind);
    }

    [TestMethod]
    public async Task The_table_names_the_zone_and_shows_its_wall_clock()
    {
        var fixture = await ReportFixture.CreateAsync();
        var outcome = await CliRunner.RunWithAsync(new Dictionary<string, string>(), ReportFixture.Now,
            "history", "--check", "orders_volume", "--since", "1d", "--config", fixture.ConfigPath, "--data-dir", fixture.DataDirectory);

        Assert.AreEqual(ExitCodes.Ok, outcome.ExitCode, outcome.Error);
        var lines = outcome.Out.Split('\n');
        StringAssert.StartsWith(lines[0], "MEASURED AT (Europe/Paris)  STATUS");
        StringAssert.StartsWith(lines[1], "2026-11-26 08:00:00 +01:00  CRITICAL  10");
    }
}
