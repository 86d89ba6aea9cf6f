using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Report;

/// <summary>
/// A checks.json with four checks (one with a hostile description, one never run) and a history seeded into a real
/// state.db: what the report tests render, with the numbers they expect written down once.
/// </summary>
internal sealed record ReportFixture(string ConfigPath, string DataDirectory)
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    public const string HostileDescription = "Orders <script>alert('pwned')</script> & \"quoted\" <img src=x onerror=alert(1)>";

    public const string Runbook = "https://wiki.example/runbooks/orders?team=sales&x=1";

    /// <summary>Rows each check has inside the default 30-day span, and how many of them carry a value.</summary>
    public static readonly IReadOnlyDictionary<string, (int Rows, int WithValue)> Expected = new Dictionary<string, (int, int)>
    {
        ["orders_volume"] = (30, 29),
        ["events_freshness"] = (48, 48),
        ["emails_null_rate"] = (10, 10),
        ["never_run"] = (0, 0),
    };

    public const string Json = """
        {
          "defaults": { "timezone": "Europe/Paris", "owner": "customer-data" },
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT range AS id, TIMESTAMP '2026-11-26 07:00:00' AS at FROM range(10)"] } },
          "checks": [
            { "name": "orders_volume", "type": "volume", "source": "mem", "table": "sales.t", "owner": "order-data",
              "tags": ["domain:sales"], "runbook": "https://wiki.example/runbooks/orders?team=sales&x=1",
              "description": "Orders <script>alert('pwned')</script> & \"quoted\" <img src=x onerror=alert(1)>",
              "warn": { "min": 50 }, "critical": { "min": 20 } },
            { "name": "events_freshness", "type": "freshness", "source": "mem", "table": "marketing.t", "column": "at",
              "owner": "marketing-data", "tags": ["domain:marketing"], "warn_after": "1h", "critical_after": "6h" },
            { "name": "emails_null_rate", "type": "null_rate", "source": "mem", "table": "crm.t", "column": "id",
              "tags": ["domain:crm", "pii"], "runbook": "javascript:alert(1)", "warn": { "max": 0.01 }, "critical": { "max": 0.05 } },
            { "name": "never_run", "type": "volume", "source": "mem", "table": "crm.t", "warn": { "min": 1 } }
          ]
        }
        """;

    public static async Task<ReportFixture> CreateAsync()
    {
        var config = CliRunner.WriteConfig(Json);
        var data = CliRunner.NewDataDirectory();
        var store = await SqliteHistoryStore.OpenAsync(Path.Combine(data, "state.db"), CancellationToken.None);
        await store.AppendAsync(Records(), CancellationToken.None);
        return new ReportFixture(config, data);
    }

    /// <summary>The seeded results; a row 40 days old lies outside the default span.</summary>
    public static IReadOnlyList<HistoryRecord> Records()
    {
        var records = new List<HistoryRecord>
        {
            Record("orders_volume", "volume", CheckStatus.Ok, 70, Now.AddDays(-40)),
        };

        // Daily volumes: OK, one UNKNOWN without a value on day 10, the last three days CRITICAL.
        for (var day = 29; day >= 0; day--)
        {
            var at = Now.AddDays(-day).AddHours(-1);
            records.Add(day switch
            {
                20 => Record("orders_volume", "volume", CheckStatus.Unknown, null, at),
                <= 2 => Record("orders_volume", "volume", CheckStatus.Critical, 10 + day, at),
                _ => Record("orders_volume", "volume", CheckStatus.Ok, 100 + (day % 7 * 5), at),
            });
        }

        // Hourly freshness over two days: the last five hours WARNING.
        for (var hour = 47; hour >= 0; hour--)
        {
            var lag = hour < 5 ? 5400 : 600 + (hour * 10);
            records.Add(Record("events_freshness", "freshness", hour < 5 ? CheckStatus.Warning : CheckStatus.Ok, lag, Now.AddHours(-hour).AddMinutes(-30)));
        }

        for (var i = 9; i >= 0; i--)
        {
            records.Add(Record("emails_null_rate", "null_rate", CheckStatus.Ok, 0.001 * i, Now.AddDays(-i).AddHours(-2)));
        }

        return records;
    }

    private static HistoryRecord Record(string check, string type, CheckStatus status, double? value, DateTimeOffset at) => new(
        check, type, "mem", "t", status, value, value is { } v ? $"{v} seen" : "no value", "the bounds", $"{check} was {status}",
        12.5, 2048, 10_485_760, null, check == "emails_null_rate" ? 3.5 : null, at);

    public Task<CliOutcome> ReportAsync(string output, params string[] more) =>
        CliRunner.RunWithAsync(new Dictionary<string, string>(), Now, ["report", "--config", ConfigPath, "--data-dir", DataDirectory, "--out", output, .. more]);
}
