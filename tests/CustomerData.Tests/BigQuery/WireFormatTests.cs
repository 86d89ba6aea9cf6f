using System.Text.Json;
using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

[TestClass]
public sealed class WireFormatTests
{
    private static readonly OrdersTable Orders = new(40, seed: 5);

    [TestMethod]
    public async Task JobsQuery_RequestJson_IsExact()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var checks = """[{ "name": "orders_daily_volume", "type": "volume", "source": "bq", "table": "shop.orders", "time_column": "created_at", "window": "1d", "window_alignment": "complete", "critical": { "min": 1 } }]""";

        await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks, """, "maximum_bytes_billed": "2GB", "labels": { "team": "customer-data" }, "timeout": "2m" """), OrdersTable.Now);

        var body = JsonDocument.Parse(emulator.Queries.Single().Body).RootElement;
        var requestId = body.GetProperty("requestId").GetString()!;
        Assert.AreEqual(
            "{\"query\":\"SELECT\\n  COUNTIF(`created_at` >= @p0 AND `created_at` < @p1) AS m0\\nFROM `test-project.shop.orders`\\nWHERE `created_at` >= @p0 AND `created_at` < @p1\","
            + "\"useLegacySql\":false,\"parameterMode\":\"NAMED\",\"queryParameters\":["
            + "{\"name\":\"p0\",\"parameterType\":{\"type\":\"TIMESTAMP\"},\"parameterValue\":{\"value\":\"2026-11-25 00:00:00.000000+00:00\"}},"
            + "{\"name\":\"p1\",\"parameterType\":{\"type\":\"TIMESTAMP\"},\"parameterValue\":{\"value\":\"2026-11-26 00:00:00.000000+00:00\"}}],"
            + "\"location\":\"EU\",\"maximumBytesBilled\":\"2000000000\",\"labels\":{\"app\":\"customerdata-monitor\",\"check\":\"orders_daily_volume\",\"team\":\"customer-data\"},"
            + $"\"requestId\":\"{requestId}\",\"jobCreationMode\":\"JOB_CREATION_OPTIONAL\",\"jobTimeoutMs\":\"120000\",\"timeoutMs\":10000,\"maxResults\":10000,"
            + "\"formatOptions\":{\"useInt64Timestamp\":true}}",
            emulator.Queries.Single().Body);
        StringAssert.StartsWith(requestId, "request-");
        Assert.AreEqual("/bigquery/v2/projects/test-project/queries", emulator.Queries.Single().PathAndQuery);
    }

    [TestMethod]
    public async Task JobNotCompleteAtFirst_IsPolledWithGetQueryResults_UntilDone()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init()) { PendingPolls = 3 };
        var checks = """[{ "name": "v", "type": "volume", "source": "bq", "table": "shop.orders", "critical": { "min": 1 } }]""";

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now))[0];

        Assert.AreEqual(Orders.Rows.Count, result.Value);
        var polls = emulator.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.Contains("/queries/job_", StringComparison.Ordinal)).ToList();
        Assert.HasCount(4, polls, "three jobComplete:false answers, then the result");
        StringAssert.StartsWith(polls[0].PathAndQuery, "/bigquery/v2/projects/test-project/queries/job_1?location=EU&maxResults=10000&timeoutMs=10000&formatOptions.useInt64Timestamp=true");
        CollectionAssert.AreEqual(new[] { "job_1" }, result.Cost!.JobIds.ToArray());
        Assert.AreEqual(0L, result.Cost.BytesBilled, "COUNT(*) reads no column and bills nothing; the figure comes from jobs.get");
    }

    [TestMethod]
    public async Task ManyRows_AreReadPageByPageWithPageToken_AndDecodedByType()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init()) { PageSize = 7 };
        var client = BigQueryHarness.Client(emulator);
        var job = new QueryJob("SELECT id, country, created_at, shipped_at FROM `test-project.shop.orders` ORDER BY id", [], new Dictionary<string, string>(), 1L << 30, TimeSpan.FromMinutes(1));

        var outcome = await client.QueryAsync(job, CancellationToken.None);

        Assert.IsNull(outcome.Error, outcome.Error?.ToString());
        var rows = outcome.Value!.Rows;
        Assert.HasCount(Orders.Rows.Count, rows);
        Assert.HasCount(5, emulator.Requests.Where(r => r.PathAndQuery.Contains("pageToken=", StringComparison.Ordinal)).ToList(), "40 rows, 7 a page: the first page comes with jobs.query, five more follow");
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.AreEqual((long)Orders.Rows[i].Id, rows[i][0]);
            Assert.AreEqual(Orders.Rows[i].Country, rows[i][1]);
            Assert.AreEqual(new DateTimeOffset(Orders.Rows[i].CreatedAt, TimeSpan.Zero), rows[i][2]);
            Assert.AreEqual(Orders.Rows[i].ShippedAt, (DateTimeOffset?)rows[i][3]);
        }
    }

    [TestMethod]
    public async Task DryRun_ReturnsTheByteEstimateAndStatementType_WithoutAJob()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var client = BigQueryHarness.Client(emulator);
        var job = new QueryJob("SELECT COUNTIF(`country` = 'FR') AS m0 FROM `test-project.shop.orders`", [], new Dictionary<string, string>(), 1L << 30, TimeSpan.FromMinutes(1));

        var outcome = await client.DryRunAsync(job, CancellationToken.None);

        Assert.AreEqual(Orders.Rows.Sum(r => 2L + r.Country.Length), outcome.Value!.BytesProcessed);
        Assert.AreEqual("SELECT", outcome.Value.StatementType);
        Assert.AreEqual(
            "{\"query\":\"SELECT COUNTIF(`country` = 'FR') AS m0 FROM `test-project.shop.orders`\",\"useLegacySql\":false,\"parameterMode\":\"NAMED\",\"queryParameters\":[],\"location\":\"EU\",\"dryRun\":true}",
            emulator.Requests.Single().Body);
    }
}
