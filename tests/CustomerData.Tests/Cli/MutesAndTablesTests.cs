using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Cli;

/// <summary>mutes, mute's --until rules, the table's muted mark, tables and describe, metadata freshness without a column.</summary>
// Not in parallel with other classes: concurrent DuckDB connections to the demo file in one process share one instance,
// whose settings the first connection locks (a later one cannot SET TimeZone); see the report of issue 17.
[TestClass]
[DoNotParallelize]
public sealed class MutesAndTablesTests
{
    [TestMethod]
    public async Task Mutes_ListsTheStoreAndTheFile_AndRunMarksThem()
    {
        var data = CliRunner.NewDataDirectory();
        var config = CliRunner.WriteConfig(File.ReadAllText(CliRunner.RootConfig).Replace(
            "\"name\": \"events_freshness\",", "\"name\": \"events_freshness\", \"muted_until\": \"2026-11-27T00:00:00Z\",", StringComparison.Ordinal));
        var mute = await CliRunner.RunAsync("mute", "orders_freshness", "--for", "2h", "--reason", "backfill running", "--config", config, "--data-dir", data);
        Assert.AreEqual(0, mute.ExitCode, mute.Error);

        var mutes = await CliRunner.RunAsync("mutes", "--config", config, "--data-dir", data);
        var run = await CliRunner.RunAsync("run", "--config", config, "--data-dir", data, "--check", "orders_freshness", "--check", "events_freshness", "--check", "customers_freshness");

        Assert.AreEqual(0, mutes.ExitCode, mutes.Error);
        var store = Path.Combine(data, "state.db");
        Assert.AreEqual(
            $"""
            CHECK             UNTIL (UTC)       LEFT    SET IN       REASON
            events_freshness  2026-11-27 00:00  14h40m  checks.json  -
            orders_freshness  2026-11-26 11:20  2h      mute         backfill running

            2 mutes in force (SQLite {store}, checks.json)

            """.Replace("SQLite " + store, MutesStore(mutes.Out), StringComparison.Ordinal),
            mutes.Out.ReplaceLineEndings("\n"));
        StringAssert.Contains(run.Out, "  orders_freshness (muted)  ");
        StringAssert.Contains(run.Out, "  events_freshness (muted)  ");
        StringAssert.Contains(run.Out, "  customers_freshness  ");
        Assert.IsFalse(run.Out.Contains("customers_freshness (muted)", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Mutes_NoneInForce_SaysSo()
    {
        var outcome = await CliRunner.RunAsync("mutes", "--config", CliRunner.RootConfig);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        StringAssert.StartsWith(outcome.Out, "no check is muted (");
    }

    [TestMethod]
    [DataRow("2026-11-01T00:00:00Z", null, "--until 2026-11-01T00:00:00Z is in the past (now is {now} UTC): give a later time, or --for 2h")]
    [DataRow("2026-12-01T09:00:00", null, "--until 2026-12-01T09:00:00 has no time zone: add Z for UTC or an offset, such as 2026-12-01T09:00:00Z or 2026-12-01T09:00:00+01:00")]
    [DataRow("2026-12-01T09:00:00Z", "2h", "give --for or --until, not both: say how long: --for 2h, or --until 2026-12-01T09:00:00Z")]
    [DataRow("tomorrow", null, "--until tomorrow: not an ISO 8601 instant such as 2026-12-01T09:00:00Z")]
    [DataRow(null, "5000d", "--for 5000d is longer than the 3650d limit")]
    [DataRow(null, "0s", "--for 0s: not a duration such as 90s, 15m, 2h, 1d or 1h30m")]
    public async Task Mute_RefusesPastMixedAndUnzonedEnds(string? until, string? forText, string message)
    {
        string[] args = ["mute", "orders_freshness", "--config", CliRunner.RootConfig];
        args = until is null ? args : [.. args, "--until", until];
        args = forText is null ? args : [.. args, "--for", forText];

        var outcome = await CliRunner.RunAsync(args);

        Assert.AreEqual(2, outcome.ExitCode);
        Assert.AreEqual(message.Replace("{now}", $"{DemoFixture.Now.ToUniversalTime():yyyy-MM-dd HH:mm}", StringComparison.Ordinal) + "\n", outcome.Error.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public async Task Tables_ListsTheDemoTables()
    {
        var outcome = await CliRunner.RunAsync("tables", "--config", CliRunner.RootConfig);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        Assert.AreEqual(TablesText, outcome.Out.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public async Task Describe_ListsTheColumnsAndTypes()
    {
        var outcome = await CliRunner.RunAsync("describe", "sales.orders", "--config", CliRunner.RootConfig);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        Assert.AreEqual(OrdersText, outcome.Out.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public async Task Describe_UnknownTable_ExitsTwoWithTheClosest()
    {
        var outcome = await CliRunner.RunAsync("describe", "sales.order", "--config", CliRunner.RootConfig);

        Assert.AreEqual(2, outcome.ExitCode);
        Assert.AreEqual("no table sales.order in demo: did you mean \"sales.orders\"?\n", outcome.Error.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public async Task Tables_OfANonDuckDbSource_ExitsTwo()
    {
        var outcome = await CliRunner.RunAsync("tables", "--source", "warehouse", "--config", CliRunner.RootConfig);

        Assert.AreEqual(2, outcome.ExitCode);
        Assert.AreEqual("no DuckDB source named \"warehouse\"; DuckDB sources: demo\n", outcome.Error.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public async Task MetadataFreshness_NeedsNoColumn_ScanFreshnessDoes()
    {
        var config = CliRunner.WriteConfig("""
            {
              "sources": { "bq": { "type": "bigquery", "project": "test-project", "location": "EU" } },
              "checks": [
                { "name": "modified", "type": "freshness", "source": "bq", "table": "shop.orders", "mode": "metadata", "critical_after": "6h" },
                { "name": "scanned", "type": "freshness", "source": "bq", "table": "shop.orders", "critical_after": "6h" }
              ]
            }
            """);

        var outcome = await CliRunner.RunAsync("validate", "--config", config);

        Assert.AreEqual(2, outcome.ExitCode);
        Assert.AreEqual(
            $"""
            {config}:5:5: $.checks[1]: a freshness check needs "column": the timestamp whose newest value is measured
                hint: add "column": "updated_at", or use "mode": "metadata" where the source supports it
            {config}: 1 error

            """,
            outcome.Error.ReplaceLineEndings("\n"));
    }

    private static string MutesStore(string output) => output[(output.LastIndexOf('(') + 1)..output.LastIndexOf(", checks.json)", StringComparison.Ordinal)];

    private const string TablesText = """
        SOURCE  TABLE                    COLUMNS
        demo    crm.customers            6
        demo    main._customerdata_demo  2
        demo    main.demo_meta           1
        demo    marketing.events         5
        demo    replica.orders           6
        demo    sales.orders             6
        demo    sales.web_sessions       2

        """;

    private const string OrdersText = """
        SOURCE  COLUMN       TYPE       NULLABLE
        demo    order_id     BIGINT     yes
        demo    customer_id  BIGINT     yes
        demo    amount_eur   DOUBLE     yes
        demo    status       VARCHAR    yes
        demo    created_at   TIMESTAMP  yes
        demo    updated_at   TIMESTAMP  yes

        """;
}
