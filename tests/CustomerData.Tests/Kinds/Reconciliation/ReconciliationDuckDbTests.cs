using System.Globalization;
using System.Text.Json;
using CustomerData.Alerts.Slack;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds.Reconciliation;

/// <summary>A reconciliation between two DuckDB sources, against truth computed over the generated rows.</summary>
[TestClass]
public sealed class ReconciliationDuckDbTests
{
    private static readonly CopiedOrders Orders = new();

    private static string Config(string checks) => $$"""
        {
          "defaults": { "timezone": "UTC" },
          "sources": {
            "ops": { "type": "duckdb", "path": ":memory:", "init": {{JsonSerializer.Serialize(CopiedOrders.Init("orders", Orders.Left, "TIMESTAMP", "DOUBLE"))}} },
            "wh": { "type": "duckdb", "path": ":memory:", "init": {{JsonSerializer.Serialize(CopiedOrders.Init("orders_copy", Orders.Right, "TIMESTAMPTZ", "DECIMAL(12,2)"))}} }
          },
          "checks": {{checks}}
        }
        """;

    private const string Sides = """
        "left": { "source": "ops", "table": "orders", "time_column": "created_at" },
        "right": { "source": "wh", "table": "orders_copy", "time_column": "created_at" },
        "window": "1d", "lag": "2h"
        """;

    private static async Task<(IReadOnlyList<CheckResult> Results, CountingDataSource Ops, CountingDataSource Wh)> RunAsync(string checks)
    {
        var config = Configs.Valid(Config(checks));
        var time = new FakeTimeProvider(CopiedOrders.Now);
        await using var opened = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", time));
        var ops = new CountingDataSource(opened["ops"]);
        var wh = new CountingDataSource(opened["wh"]);
        await using var sources = new DataSources(new Dictionary<string, IDataSource> { ["ops"] = ops, ["wh"] = wh });
        return (await new CheckEngine(Catalog.Default, sources, time).RunAsync(config, config.Checks, CancellationToken.None), ops, wh);
    }

    [TestMethod]
    public async Task Count_IsTheShareMissing_OverTheLaggedWindow_EachSideInTheStatementOfItsTable()
    {
        var (results, ops, wh) = await RunAsync($$"""
            [
              { "name": "orders_day", "type": "volume", "source": "ops", "table": "orders", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } },
              { "name": "copy_day", "type": "volume", "source": "wh", "table": "orders_copy", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } },
              { "name": "orders_copied", "type": "reconciliation", {{Sides}}, "warn": { "max": 0.001 }, "critical": { "max": 0.1 } }
            ]
            """);

        var share = (double)(Orders.LeftCount - Orders.RightCount) / Orders.LeftCount;
        var result = results.Single("orders_copied");
        Assert.AreEqual(share, result.Value!.Value, 1e-12);
        Assert.IsGreaterThan(0.01, share, "the planted losses and the hour outside the lag show");
        Assert.AreEqual(CheckStatus.Warning, result.Status);
        Assert.AreEqual(
            string.Create(CultureInfo.InvariantCulture, $"orders_copy (wh) has {Orders.RightCount:#,0} of {Orders.LeftCount:#,0} rows of orders (ops) in 2026-11-30 08:30 to 2026-12-01 08:30 (UTC) (lag 2h): {share * 100:0.###}% missing; warning above 0.1%; critical above 10%"),
            result.Message);
        Assert.AreEqual(1, ops.Queries, "the left side folds into the statement orders_day makes");
        Assert.AreEqual(1, wh.Queries, "the right side folds into copy_day's statement");
        StringAssert.Contains(result.Statement, results.Single("orders_day").Statement);
        StringAssert.Contains(result.Statement, results.Single("copy_day").Statement);
        Assert.AreEqual(
            "SELECT\n  CAST(count_if(\"created_at\" >= '2026-11-30 08:30:00+00' AND \"created_at\" < '2026-12-01 08:30:00+00') AS BIGINT) AS m0\nFROM \"orders\";\n\n"
            + "SELECT\n  CAST(count_if(\"created_at\" >= '2026-11-30 08:30:00+00' AND \"created_at\" < '2026-12-01 08:30:00+00') AS BIGINT) AS m0\nFROM \"orders_copy\";",
            result.Query);
    }

    [TestMethod]
    public async Task Sum_IsTheShareOfTheLeftsSumMissing_AcrossColumnTypes()
    {
        var (results, _, _) = await RunAsync($$"""
            [ { "name": "amount_copied", "type": "reconciliation", "compare": "sum",
                "left": { "source": "ops", "table": "orders", "time_column": "created_at", "column": "amount" },
                "right": { "source": "wh", "table": "orders_copy", "time_column": "created_at", "column": "amount" },
                "window": "1d", "lag": "2h", "critical": { "max": 0.01, "min": -0.01 } } ]
            """);

        var share = (double)((Orders.LeftSum - Orders.RightSum) / Orders.LeftSum);
        var result = results.Single();
        Assert.AreEqual(share, result.Value!.Value, 1e-9);
        Assert.AreEqual(CheckStatus.Critical, result.Status);
        StringAssert.StartsWith(result.Message, string.Create(CultureInfo.InvariantCulture, $"orders_copy (wh) sums amount to {(double)Orders.RightSum:#,0.##} against {(double)Orders.LeftSum:#,0.##} of amount on orders (ops) in "));
        StringAssert.EndsWith(result.Message, "missing; critical below -1%, critical above 1%");
    }

    [TestMethod]
    public async Task FreshnessLag_IsHowFarTheRightsNewestTrailsTheLefts()
    {
        var (results, _, _) = await RunAsync("""
            [ { "name": "copy_lag", "type": "reconciliation", "compare": "freshness_lag",
                "left": { "source": "ops", "table": "orders", "time_column": "created_at" },
                "right": { "source": "wh", "table": "orders_copy", "time_column": "created_at" },
                "warn_after": "1h", "critical_after": "6h" } ]
            """);

        var lag = Orders.Left.Max(o => o.Created) - Orders.Right.Max(o => o.Created);
        var result = results.Single();
        Assert.AreEqual(Math.Floor(lag.TotalMilliseconds), Math.Floor(result.Value!.Value * 1000), "to the millisecond");
        Assert.AreEqual(CheckStatus.Warning, result.Status);
        StringAssert.StartsWith(result.Message, $"the newest created_at of orders_copy (wh) trails the newest created_at of orders (ops) by {Duration.Format(TimeSpan.FromMicroseconds(Math.Round(result.Value.Value * 1e6)))} over the whole tables; warning after 1h; critical after 6h");
    }

    [TestMethod]
    public async Task KeySample_NamesKeysMissingOnTheRight_OnlyThoseOfTheWindow_TheSameEveryRun()
    {
        var check = $$"""[ { "name": "orders_copied", "type": "reconciliation", {{Sides}}, "critical": { "max": 0.001 }, "keys": { "left": "id", "right": "id", "sample": 5000 } } ]""";
        var config = Configs.Valid(Config(check));
        var first = (await Runs.RunAsync(config, new FakeTimeProvider(CopiedOrders.Now))).Single();
        var second = (await Runs.RunAsync(config, new FakeTimeProvider(CopiedOrders.Now))).Single();

        var missing = Orders.MissingKeys;
        var marker = string.Create(CultureInfo.InvariantCulture, $"; key sample: {missing.Count:#,0} of {Orders.Left.Count(CopiedOrders.InSpan):#,0} sampled id of the left are missing on the right (id): ");
        var at = first.Message.IndexOf(marker, StringComparison.Ordinal);
        Assert.IsGreaterThan(0, at, first.Message);
        var listed = first.Message[(at + marker.Length)..].Split(" and ")[0].Split(", ").Select(k => k.Trim('"')).ToList();
        Assert.HasCount(10, listed);
        Assert.IsTrue(listed.All(missing.Contains), string.Join(",", listed));
        StringAssert.EndsWith(first.Message, $" and {missing.Count - 10} more");
        Assert.AreEqual(first.Message, second.Message, "the sample is ordered by a hash of the key: the same keys each run");
        Assert.AreEqual(CheckStatus.Critical, first.Status);
        // One sample statement, then the lookups in IN lists of up to 1,000 bound keys each.
        StringAssert.Contains(first.Cost!.Notes, $"key sample: 3 request(s), {Orders.Left.Count(CopiedOrders.InSpan):#,0} keys sampled");
    }

    [TestMethod]
    public async Task KeySample_OfHostileKeys_ShowsThemQuotedOnOneLine_AndSlackEscapesTheRest()
    {
        string[] hostile = ["<!channel> ping", "two\nlines", "quote\" and \\", "\u202Egnp.exe", "```code```", new string('x', 200)];
        var left = new[] { "CREATE TABLE accounts (account_key VARCHAR, created_at TIMESTAMP)" }
            .Concat(hostile.Select(k => $"INSERT INTO accounts VALUES ({Literal(k)}, TIMESTAMP '2026-12-01 01:00:00')"));
        var json = $$"""
            {
              "defaults": { "timezone": "UTC" },
              "sources": {
                "ops": { "type": "duckdb", "path": ":memory:", "init": {{JsonSerializer.Serialize(left)}} },
                "wh": { "type": "duckdb", "path": ":memory:", "init": [ "CREATE TABLE accounts (account_key VARCHAR, created_at TIMESTAMP)" ] }
              },
              "checks": [ { "name": "accounts_copied", "type": "reconciliation",
                "left": { "source": "ops", "table": "accounts", "time_column": "created_at" },
                "right": { "source": "wh", "table": "accounts", "time_column": "created_at" },
                "window": "1d", "critical": { "max": 0.5 }, "keys": { "left": "account_key", "right": "account_key", "sample": 10 } } ]
            }
            """;

        var result = (await Runs.RunAsync(Configs.Valid(json), new FakeTimeProvider(CopiedOrders.Now))).Single();

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        StringAssert.Contains(result.Message, "key sample: 6 of 6 sampled account_key of the left are missing on the right (account_key): ");
        StringAssert.Contains(result.Message, "\"two\\u000Alines\"");
        StringAssert.Contains(result.Message, "\"\\u202Egnp.exe\"");
        StringAssert.Contains(result.Message, "\"quote\\\" and \\\\\"");
        StringAssert.Contains(result.Message, "\"" + new string('x', 64) + "…\"");
        Assert.DoesNotContain("\n", result.Message);
        Assert.DoesNotContain("\u202E", result.Message);
        var slack = SlackText.Escape(result.Message);
        StringAssert.Contains(slack, "\"&lt;!channel&gt; ping\"");
        Assert.DoesNotContain("<!channel>", slack);
    }

    [TestMethod]
    public async Task KeySampleThatFails_LeavesTheVerdict_AndSaysWhyInTheMessage()
    {
        var check = $$"""[ { "name": "orders_copied", "type": "reconciliation", {{Sides}}, "critical": { "max": 0.001 }, "keys": { "left": "id", "right": "order_id" } } ]""";

        var result = (await Runs.RunAsync(Configs.Valid(Config(check)), new FakeTimeProvider(CopiedOrders.Now))).Single();

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        StringAssert.Contains(result.Message, "% missing; critical above 0.1% (key sample failed: DuckDBException: Binder Error: Referenced column \"order_id\" not found");
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
