using System.Text.Json;
using CustomerData.Tests.Cli;
using DuckDB.NET.Data;

namespace CustomerData.Tests.Anomaly;

/// <summary>backtest replays the learned threshold over past buckets, each trained only on earlier ones.</summary>
[TestClass]
public sealed class BacktestCommandTests
{
    private static string Config() => CliRunner.WriteConfig($$"""
        {
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": {{JsonSerializer.Serialize(LearnedVolumeTests.Init)}} } },
          "checks": [
            { "name": "orders_hourly", "type": "volume", "source": "mem", "table": "shop.orders", "time_column": "created_at",
              "window": "1h", "window_alignment": "complete", "anomaly": {} },
            { "name": "orders_total", "type": "volume", "source": "mem", "table": "shop.orders", "critical": { "min": 1 } }
          ]
        }
        """);

    [TestMethod]
    public async Task Json_OneObjectPerBucketWithExactlyItsFields_ValuesFromTheTable_OnlyThePlantedDropFlagged()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 5, 0, TimeSpan.Zero);

        var outcome = await CliRunner.RunWithAsync(new Dictionary<string, string>(), now, "backtest", "--config", Config(), "--check", "orders_hourly", "--from", "2026-11-30T00:00:00Z", "--to", "2026-11-30T12:00:00Z", "--format", "json");

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        var lines = outcome.Out.TrimEnd().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.AreEqual(13, lines.Count, "12 hourly buckets, then the summary");
        var truth = await HourlyCountsAsync();
        for (var hour = 0; hour < 12; hour++)
        {
            var bucket = lines[hour];
            CollectionAssert.AreEqual(new[] { "check", "bucket_start", "bucket_end", "value", "expected_low", "expected_high", "status" }, bucket.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.AreEqual($"2026-11-30T{hour:00}:00:00Z", bucket.GetProperty("bucket_start").GetString());
            Assert.AreEqual($"2026-11-30T{hour + 1:00}:00:00Z", bucket.GetProperty("bucket_end").GetString());
            Assert.AreEqual(truth[hour], bucket.GetProperty("value").GetDouble(), $"hour {hour}");
            Assert.AreEqual(hour == 10 ? "critical" : "ok", bucket.GetProperty("status").GetString(), $"hour {hour}: {bucket}");
            Assert.IsTrue(bucket.GetProperty("expected_low").GetDouble() <= bucket.GetProperty("expected_high").GetDouble());
        }

        Assert.AreEqual("""{"check":"orders_hourly","buckets":12,"flagged":1,"alarms":1}""", outcome.Out.TrimEnd().Split('\n')[^1]);
    }

    [TestMethod]
    public async Task Table_EndsWithTheSummary_AndABucketInProgressIsNotJudged()
    {
        var now = new DateTimeOffset(2026, 11, 30, 11, 30, 0, TimeSpan.Zero);

        var outcome = await CliRunner.RunWithAsync(new Dictionary<string, string>(), now, "backtest", "--config", Config(), "--check", "orders_hourly", "--from", "2026-11-30T09:00:00Z", "--to", "2026-11-30T12:00:00Z");

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        var lines = outcome.Out.TrimEnd().Split('\n');
        Assert.AreEqual("BUCKET (UTC)        VALUE      EXPECTED              STATUS", lines[0].TrimEnd());
        StringAssert.StartsWith(lines[2], "2026-11-30 10:00  20 ");
        StringAssert.EndsWith(lines[2], "CRITICAL");
        Assert.AreEqual("2 buckets, 1 flagged, 1 alarm (runs of flagged buckets) for orders_hourly.", lines[^1]);
    }

    [TestMethod]
    public async Task ACheckWithoutALearnedThreshold_ExitsTwoAndSaysWhy()
    {
        var outcome = await CliRunner.RunAsync("backtest", "--config", Config(), "--check", "orders_total", "--from", "2026-11-30T00:00:00Z", "--to", "2026-11-30T12:00:00Z");

        Assert.AreEqual(2, outcome.ExitCode);
        Assert.AreEqual("backtest replays a volume check with \"anomaly\", \"window\" and \"time_column\"; \"orders_total\" is not one (see README \"Learned thresholds\")", outcome.Error.Trim());
    }

    private static async Task<double[]> HourlyCountsAsync()
    {
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = string.Join(";\n", LearnedVolumeTests.Init) + """
            ;
            SELECT count(o.created_at) FROM range(12) h(i)
            LEFT JOIN shop.orders o ON o.created_at >= TIMESTAMP '2026-11-30 00:00:00' + to_hours(h.i) AND o.created_at < TIMESTAMP '2026-11-30 01:00:00' + to_hours(h.i)
            GROUP BY h.i ORDER BY h.i
            """;
        var counts = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts.Add(reader.GetInt64(0));
        }

        return [.. counts];
    }
}
