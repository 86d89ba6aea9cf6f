using System.Globalization;
using System.Text.RegularExpressions;
using CustomerData.Checks.Engine;

namespace CustomerData.Tests.DynamoDb;

[TestClass]
public sealed partial class DynamoDbNullRateTests
{
    private const string Common = "\"type\": \"null_rate\", \"source\": \"dyn\", \"column\": \"email\", \"critical\": { \"max\": 0.5 }";

    [TestMethod]
    public async Task FullScan_CountsAbsentAndNullAttributes_AndReportsThemApart()
    {
        var absent = ProfilesTable.Rows.Count(r => r.Email is null);
        var nullType = ProfilesTable.Rows.Count(r => r.Email == string.Empty);

        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "n", {{Common}}, "table": "profiles" }]""");

        var result = run["n"];
        Assert.AreEqual((double)(absent + nullType) / ProfilesTable.Count, result.Value!.Value, 1e-12);
        StringAssert.Contains(result.Cost!.Notes, $"email is absent in {absent:#,0} and of type NULL in {nullType:#,0} of {ProfilesTable.Count:#,0} items");
        StringAssert.StartsWith(result.Message, $"email is NULL in {absent + nullType} of {ProfilesTable.Count:#,0} rows");
        Assert.AreEqual(ProfilesTable.Count, run.ItemsScanned);
    }

    [TestMethod]
    public async Task Window_RestrictsBothCounts()
    {
        var start = ProfilesTable.Now.AddHours(-12);
        var rows = ProfilesTable.Rows.Where(r => r.Updated >= start && r.Updated < ProfilesTable.Now).ToList();

        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "n", {{Common}}, "table": "profiles", "time_column": "updated_ms", "window": "12h", "time_format": "epoch_millis" }]""");

        Assert.AreEqual((double)rows.Count(r => r.Email is null or "") / rows.Count, run["n"].Value!.Value, 1e-12);
    }

    [TestMethod]
    public async Task Sample_ReadsAFractionOfTheTable_AndStatesAnIntervalHoldingTheTruth()
    {
        var truth = (double)ProfilesTable.Rows.Count(r => r.Email is null or "") / ProfilesTable.Count;
        var full = await DynamoDbRun.RunAsync($$"""[{ "name": "n", {{Common}}, "table": "profiles" }]""");

        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "n", {{Common}}, "table": "profiles", "sample": 600 }]""");

        var result = run["n"];
        var notes = result.Cost!.Notes!;
        var interval = Interval().Match(notes);
        Assert.IsTrue(interval.Success, notes);
        var low = double.Parse(interval.Groups[1].Value, CultureInfo.InvariantCulture) / 100;
        var high = double.Parse(interval.Groups[2].Value, CultureInfo.InvariantCulture) / 100;
        Assert.IsTrue(low <= truth && truth <= high, $"the table's rate {truth:P2} lies outside the stated interval: {notes}");
        Assert.IsTrue(low <= result.Value && result.Value <= high);
        StringAssert.Contains(notes, "estimated from a sample of");
        Assert.IsLessThan(ProfilesTable.Count / 3, run.ItemsScanned, "a sample of 600 reads far fewer than 3,000 items");
        Assert.IsLessThan(full["n"].Cost!.ReadUnits!.Value / 3, result.Cost.ReadUnits!.Value);
        Assert.AreEqual(12, run.Wire.Of("Scan").Select(s => s.Request.GetProperty("Segment").GetInt32()).Distinct().Count(), "600 items spread over 12 segments of 50");
    }

    [TestMethod]
    public async Task SampleLargerThanTheTable_IsExact()
    {
        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "n", {{Common}}, "table": "profiles", "sample": 100000 }]""");

        Assert.AreEqual((double)ProfilesTable.Rows.Count(r => r.Email is null or "") / ProfilesTable.Count, run["n"].Value!.Value, 1e-12);
        StringAssert.Contains(run["n"].Cost!.Notes, "reached the end of every segment (the whole table, so exact)");
    }

    [TestMethod]
    public async Task EmptyTable_IsUnknown()
    {
        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "n", {{Common}}, "table": "empty_profiles" }]""");

        Assert.AreEqual(CheckStatus.Unknown, run["n"].Status);
    }

    [GeneratedRegex(@"95% interval ([0-9.]+)% to ([0-9.]+)%")]
    private static partial Regex Interval();
}
