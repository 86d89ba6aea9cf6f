using System.Text.Json;
using CustomerData.Checks.Engine;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

[TestClass]
public sealed class RetryAndErrorTests
{
    private static readonly OrdersTable Orders = new(500, seed: 3);

    private const string Volume = """[{ "name": "orders_volume", "type": "volume", "source": "bq", "table": "shop.orders", "critical": { "min": 1 } }]""";

    private const string NullRate = """[{ "name": "email_null", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 } }]""";

    private static string RequestId(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("requestId").GetString()!;

    [TestMethod]
    public async Task RateLimitedThenSuccess_GivesTheRightResult_WithTheSameRequestId()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        emulator.Fail(EmulatorRoute.Query, 403, "rateLimitExceeded", "Exceeded rate limits: too many api requests per user per method for this user_method");

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, NullRate), OrdersTable.Now))[0];

        Assert.AreEqual((double)Orders.Rows.Count(r => r.Email is null) / Orders.Rows.Count, result.Value!.Value, 1e-12);
        Assert.AreEqual(CheckStatus.Ok, result.Status);
        Assert.HasCount(2, emulator.Queries);
        Assert.AreEqual(RequestId(emulator.Queries[0]), RequestId(emulator.Queries[1]), "a resent request keeps its requestId, so BigQuery can deduplicate it");
    }

    [TestMethod]
    public async Task BackendErrors_AreRetriedWithBackoff_UntilSuccess()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        emulator.Fail(EmulatorRoute.Query, 500, "backendError", "Backend error", times: 2);
        emulator.Fail(EmulatorRoute.Query, 503, "backendError", "Service unavailable");

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, Volume), OrdersTable.Now))[0];

        Assert.AreEqual(Orders.Rows.Count, result.Value);
        Assert.HasCount(4, emulator.Queries);
        Assert.HasCount(1, emulator.Queries.Select(RequestId).Distinct().ToList());
    }

    [TestMethod]
    public async Task JobRateLimit_RunsTheQueryAgainAsANewJob_WithANewRequestId()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        emulator.Fail(EmulatorRoute.Query, 400, "jobRateLimitExceeded", "Exceeded rate limits: too many concurrent queries for this project_and_region");

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, Volume), OrdersTable.Now))[0];

        Assert.AreEqual(Orders.Rows.Count, result.Value);
        Assert.HasCount(2, emulator.Queries);
        Assert.AreNotEqual(RequestId(emulator.Queries[0]), RequestId(emulator.Queries[1]));
    }

    [TestMethod]
    public async Task InvalidQuery_IsUnknownWithBigQuerysReasonAndMessage_NotRetried()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        emulator.Fail(EmulatorRoute.Query, 400, "invalidQuery", "Unrecognized name: emial at [2:12]");

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, Volume), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("BigQueryException: invalidQuery: Unrecognized name: emial at [2:12]", result.Message);
        Assert.HasCount(1, emulator.Queries);
    }

    [TestMethod]
    public async Task QuotaExceeded_IsNotRetried_BigQueryAsksToWaitMinutes()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        emulator.Fail(EmulatorRoute.Query, 403, "quotaExceeded", "Quota exceeded: Your project exceeded quota for free query bytes scanned");

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, Volume), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        StringAssert.Contains(result.Message, "quotaExceeded: Quota exceeded");
        Assert.HasCount(1, emulator.Queries);
    }

    [TestMethod]
    public async Task BytesBilledCap_IsUnknownWithAClearReason()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, NullRate, """, "maximum_bytes_billed": "1MB" """), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual(
            "BigQueryException: bytes-billed cap reached: the query needs 10,485,760 bytes (10 MiB), cap is 1,000,000 bytes (976.56 KiB) (maximum_bytes_billed); nothing was billed",
            result.Message);
        Assert.HasCount(1, emulator.Queries, "a query over the cap is not retried");
    }

    [TestMethod]
    public async Task PerCheckCap_OverridesTheSourceDefault_AndTheTightestCapOfAQueryApplies()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var checks = """
            [
              { "name": "email_null", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 }, "maximum_bytes_billed": "20MiB" },
              { "name": "country_null", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "country", "critical": { "max": 0.5 } }
            ]
            """;

        var results = await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks, """, "maximum_bytes_billed": "1MB" """), OrdersTable.Now);

        Assert.AreEqual(CheckStatus.Ok, results.Single("email_null").Status, results.Single("email_null").Message);
        Assert.AreEqual(CheckStatus.Unknown, results.Single("country_null").Status);
        StringAssert.Contains(results.Single("country_null").Message, "cap is 1,000,000 bytes");
        var caps = emulator.Queries.Select(q => JsonDocument.Parse(q.Body).RootElement.GetProperty("maximumBytesBilled").GetString()).ToList();
        Assert.AreEqual("1000000", caps[0], "the shared query runs at the tightest cap");
        // The isolating round issues the checks alone at once, so their order on the wire is not fixed.
        CollectionAssert.AreEquivalent(new[] { "20971520", "1000000" }, caps.Skip(1).ToList(), "then each check alone at its own cap");
    }

    [TestMethod]
    public async Task UnknownTable_IsUnknownWithNotFound()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, Volume.Replace("shop.orders", "shop.missing", StringComparison.Ordinal)), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        StringAssert.StartsWith(result.Message, "BigQueryException: notFound: ");
    }
}
