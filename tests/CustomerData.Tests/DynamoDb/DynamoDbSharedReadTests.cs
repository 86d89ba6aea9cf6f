using CustomerData.Checks.Engine;

namespace CustomerData.Tests.DynamoDb;

/// <summary>What a run reads: once per table, within the budget, through throttling, and what it says when a table is missing.</summary>
[TestClass]
public sealed class DynamoDbSharedReadTests
{
    private const string ThreeChecks = """
        [
          { "name": "volume_day", "type": "volume", "source": "dyn", "table": "profiles", "time_column": "updated_ms", "window": "1d", "time_format": "epoch_millis", "critical": { "min": 1 } },
          { "name": "email_nulls", "type": "null_rate", "source": "dyn", "table": "profiles", "column": "email", "critical": { "max": 0.5 } },
          { "name": "fresh", "type": "freshness", "source": "dyn", "table": "profiles", "column": "updated_iso", "time_format": "iso8601", "critical_after": "1h" }
        ]
        """;

    [TestMethod]
    public async Task ChecksOnOneTable_ReadItOnce_AndEachGetsItsTruth()
    {
        var run = await DynamoDbRun.RunAsync(ThreeChecks);

        Assert.AreEqual(4, run.ScanStarts, "one scan: each of the 4 segments started once");
        Assert.AreEqual(ProfilesTable.Count, run.ItemsScanned, "every item read exactly once");
        Assert.AreEqual(ProfilesTable.Rows.Count(r => r.Updated >= ProfilesTable.Now.AddDays(-1)), run["volume_day"].Value);
        Assert.AreEqual((double)ProfilesTable.Rows.Count(r => r.Email is null or "") / ProfilesTable.Count, run["email_nulls"].Value!.Value, 1e-12);
        Assert.AreEqual((ProfilesTable.Now - ProfilesTable.Rows.Max(r => r.Updated)).TotalSeconds, run["fresh"].Value!.Value, 1e-6);
        var units = run.Wire.Of("Scan").Sum(s => s.Units!.Value);
        Assert.IsTrue(run.Results.All(r => r.Cost!.ReadUnits == units), "each check reports the read units of the one scan it shared");
        StringAssert.Contains(run["volume_day"].Cost!.Notes, "shared by 4 measure(s)");
    }

    [TestMethod]
    public async Task ConsumedReadUnitsPerSecond_StayWithinTheBudget()
    {
        const double Budget = 150;

        var run = await DynamoDbRun.RunAsync(ThreeChecks, budget: Budget);

        // The accounting DynamoDB returned on the wire: by the time each request left, the units
        // consumed by it and every request before it fit the budget for the time elapsed, give or take
        // the pages in flight (one per segment, each sized to a quarter of a second's budget).
        var scans = run.Wire.Of("Scan");
        var total = scans.Sum(s => s.Units!.Value);
        var first = scans[0].Sent;
        var elapsed = (scans[^1].Answered - first).TotalSeconds;
        var sent = 0.0;
        foreach (var scan in scans)
        {
            sent += scan.Units!.Value;
            var allowed = (Budget * ((scan.Sent - first).TotalSeconds + 1)) * 1.25;
            Assert.IsLessThanOrEqualTo(allowed, sent, $"{sent:0.#} units sent by {(scan.Sent - first).TotalSeconds:0.00}s, over the budget of {Budget}/s");
        }

        Assert.IsGreaterThan(3 * Budget, total, "the table is several seconds of budget, so the test measures a rate");
        Assert.IsLessThanOrEqualTo(Budget * 1.25, total / elapsed, $"{total:0.#} units in {elapsed:0.00}s");
        Assert.AreEqual(total, run.SourceUnits, 1e-9, "the source's accounting equals DynamoDB's");
        Console.WriteLine($"{scans.Count} scan pages, {run.ItemsScanned} items, {total:0.#} read units in {elapsed:0.00}s = {total / elapsed:0.#}/s for a budget of {Budget}/s");
    }

    [TestMethod]
    [DataRow("ProvisionedThroughputExceededException")]
    [DataRow("ThrottlingException")]
    public async Task ThrottledScans_AreRetriedWithBackoff_AndTheCheckStillGetsItsTruth(string refusal)
    {
        var wire = new WireLog(refuseFirstScans: 3, refusal);

        var run = await DynamoDbRun.RunAsync("""[{ "name": "v", "type": "volume", "source": "dyn", "table": "profiles", "critical": { "min": 1 } }]""", wire: wire);

        Assert.AreEqual(ProfilesTable.Count, run["v"].Value, run["v"].Message);
        Assert.AreEqual(3, run.Retries);
        Assert.AreEqual(3, run.Wire.Of("Scan").Count(s => s.Status == 400));
    }

    [TestMethod]
    public async Task MissingTable_IsUnknown_NamingTheTable_ForEveryCheckOnIt()
    {
        var run = await DynamoDbRun.RunAsync("""
            [
              { "name": "v", "type": "volume", "source": "dyn", "table": "no_such_table", "critical": { "min": 1 } },
              { "name": "n", "type": "null_rate", "source": "dyn", "table": "no_such_table", "column": "email", "critical": { "max": 0.5 } }
            ]
            """);

        foreach (var result in run.Results)
        {
            Assert.AreEqual(CheckStatus.Unknown, result.Status);
            StringAssert.Contains(result.Message, "table \"no_such_table\" does not exist at http://127.0.0.1:");
        }

        Assert.IsEmpty(run.Wire.Of("Scan"));
    }
}
