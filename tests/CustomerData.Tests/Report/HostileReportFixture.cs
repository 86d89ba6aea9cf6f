using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Report;

/// <summary>
/// A checks.json whose free text (owner, tags, description, runbooks) and history (observed, messages, values a store
/// can hold but the engine never records) are what a hostile tester would write, in a zone 5h45 ahead of UTC.
/// </summary>
internal sealed record HostileReportFixture(string ConfigPath, string DataDirectory)
{
    public const string Owner = "a</script><!-- \"q\" 'x' & <b>";

    public const string Description =
        "ΟΔΟΣ İstanbul עברית </script><script>document.body.dataset.pwned=1</script><!-- \u2028 <img src=x onerror=\"document.body.dataset.pwned=1\">";

    public const string LinkRunbook = "https://x.example/\"onmouseover=document.body.dataset.pwned=1 x=\"";

    public const string DataRunbook = "data:text/html,<script>alert(1)</script>";

    public const string ScriptRunbook = "javascript:document.body.dataset.pwned=1";

    public const string Observed = "</script><!--<img src=x onerror=document.body.dataset.pwned=1> \u2028";

    public static readonly string Json = $$"""
        {
          "defaults": { "timezone": "Asia/Kathmandu", "owner": "customer-data" },
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT range AS id FROM range(10)"] } },
          "checks": [
            { "name": "hostile_text", "type": "volume", "source": "mem", "table": "t", "owner": {{Quoted(Owner)}},
              "tags": ["k:v</script>", "emoji:😀", "rtl:עברית"], "description": {{Quoted(Description)}},
              "runbook": {{Quoted(LinkRunbook)}}, "warn": { "min": 50 }, "critical": { "min": 20 } },
            { "name": "data_runbook", "type": "volume", "source": "mem", "table": "t", "owner": "Ωmega",
              "tags": ["emoji:😀"], "runbook": {{Quoted(DataRunbook)}}, "critical": { "min": 1 } },
            { "name": "odd_values", "type": "volume", "source": "mem", "table": "t", "runbook": {{Quoted(ScriptRunbook)}},
              "critical": { "min": 1 } }
          ]
        }
        """;

    /// <summary>odd_values: both infinities (SQLite keeps them; the engine never records one), values whose distance overflows a double.</summary>
    public static readonly (CheckStatus Status, double? Value)[] OddValues =
    [
        (CheckStatus.Ok, 100), (CheckStatus.Critical, double.PositiveInfinity), (CheckStatus.Ok, 1e308), (CheckStatus.Ok, -1e308),
        (CheckStatus.Critical, double.NegativeInfinity), (CheckStatus.Unknown, null), (CheckStatus.Ok, 50),
    ];

    public static async Task<HostileReportFixture> CreateAsync()
    {
        var config = CliRunner.WriteConfig(Json);
        var data = CliRunner.NewDataDirectory();
        var store = await SqliteHistoryStore.OpenAsync(Path.Combine(data, "state.db"), CancellationToken.None);
        var now = ReportFixture.Now;
        var records = new List<HistoryRecord>
        {
            Record("hostile_text", CheckStatus.Ok, 60, now.AddDays(-2)),
            Record("hostile_text", CheckStatus.Critical, 10, now.AddDays(-1)),
        };
        records.AddRange(OddValues.Select((v, i) => Record("odd_values", v.Status, v.Value, now.AddHours(i - OddValues.Length))));
        await store.AppendAsync(records, CancellationToken.None);
        return new HostileReportFixture(config, data);
    }

    public Task<CliOutcome> RunAsync(params string[] args) =>
        CliRunner.RunWithAsync(new Dictionary<string, string>(), ReportFixture.Now, [.. args, "--config", ConfigPath, "--data-dir", DataDirectory]);

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static HistoryRecord Record(string check, CheckStatus status, double? value, DateTimeOffset at) => new(
        check, "volume", "mem", "t", status, value, status == CheckStatus.Ok ? $"{value} rows" : Observed, "the bounds",
        $"{check}: {Observed}", 3, null, null, null, null, at);
}
