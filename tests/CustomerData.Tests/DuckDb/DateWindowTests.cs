using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DuckDb;

/// <summary>
/// A window on a DATE time_column: DuckDB casts each bound's UTC text to a DATE, keeping its UTC date. What that counts
/// in UTC and in a zone east of UTC, as the README states it.
/// </summary>
[TestClass]
public sealed class DateWindowTests
{
    private static readonly string[] Days =
    [
        "CREATE SCHEMA odd",
        "CREATE TABLE odd.d (day DATE)",
        "INSERT INTO odd.d VALUES ('2026-11-24'), ('2026-11-25'), ('2026-11-25'), ('2026-11-25'), ('2026-11-26')",
    ];

    private static async Task<CheckResult> RunAsync(string timezone, string alignment)
    {
        var check = $$"""[{ "name": "v", "type": "volume", "source": "mem", "table": "odd.d", "time_column": "day", "window": "1d", "window_alignment": "{{alignment}}", "critical": { "min": 1 } }]""";
        var config = Configs.InMemory(Days, check, $$"""{ "timezone": "{{timezone}}" }""");
        return (await Runs.RunAsync(config, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 20, 0, TimeSpan.Zero))))[0];
    }

    [TestMethod]
    public async Task CompleteDay_InUtc_CountsTheRowsOfThatDate()
    {
        var result = await RunAsync("UTC", "complete");

        Assert.AreEqual(3.0, result.Value, result.Message);
        Assert.AreEqual("3 rows in 2026-11-25 00:00 to 2026-11-26 00:00 (UTC); critical below 1", result.Message);
    }

    [TestMethod]
    public async Task CompleteDay_EastOfUtc_CountsTheDateOfItsUtcStart_TheDayBefore()
    {
        // Paris's 2026-11-25 is [2026-11-24 23:00Z, 2026-11-25 23:00Z): cut to UTC dates, [2026-11-24, 2026-11-25).
        var result = await RunAsync("Europe/Paris", "complete");

        Assert.AreEqual(1.0, result.Value, result.Message);
    }

    [TestMethod]
    public async Task TrailingDay_CountsTheUtcDateOfItsStart_NotTheLast24Hours()
    {
        // [2026-11-25 10:20Z, 2026-11-26 10:20Z) cut to [2026-11-25, 2026-11-26): the three rows of the 25th.
        var result = await RunAsync("UTC", "trailing");

        Assert.AreEqual(3.0, result.Value, result.Message);
    }
}
