using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.DynamoDb;
using CustomerData.Checks.Sql;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DynamoDb;

/// <summary>The DynamoDB source's parts that need no server: the budget's arithmetic, the sampling error, the plan text.</summary>
[TestClass]
public sealed class DynamoDbPartsTests
{
    [TestMethod]
    public async Task Budget_DelaysEachReservationBy_UnitsOverRate_AndSettlesToTheRealCost()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var budget = new ReadBudget(10, time);

        await budget.ReserveAsync(5, CancellationToken.None);
        var second = budget.ReserveAsync(5, CancellationToken.None);
        Assert.IsFalse(second.IsCompleted, "5 units at 10/s: the next read waits half a second");
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.IsFalse(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;

        // The first read really cost 25 units: 20 more than reserved, two more seconds of waiting.
        budget.Settle(5, 25);
        var third = budget.ReserveAsync(1, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(2_499));
        Assert.IsFalse(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await third;
        Assert.AreEqual(25, budget.Consumed);
    }

    [TestMethod]
    public async Task Budget_DoesNotBankIdleTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var budget = new ReadBudget(10, time);
        time.Advance(TimeSpan.FromMinutes(10));

        await budget.ReserveAsync(10, CancellationToken.None);
        var next = budget.ReserveAsync(10, CancellationToken.None);

        Assert.IsFalse(next.IsCompleted, "ten idle minutes do not allow a burst: the second read still waits a second");
        time.Advance(TimeSpan.FromSeconds(1));
        await next;
    }

    [TestMethod]
    [DataRow(0L, 1000L, 0.0, 0.0038)]
    [DataRow(100L, 1000L, 0.0828, 0.1202)]
    [DataRow(500L, 1000L, 0.4691, 0.5309)]
    public void Wilson_MatchesTheTextbookInterval(long hits, long sampled, double low, double high)
    {
        var (l, h) = SamplingError.Wilson(hits, sampled);

        Assert.AreEqual(low, l, 5e-4);
        Assert.AreEqual(high, h, 5e-4);
    }

    [TestMethod]
    public void Plan_DescribesACountScanWithItsWindow_AsARunnableCliCommand()
    {
        var window = new TimeWindow("updated_ms", new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var measurement = new TableMeasurement("dyn", "profiles", [new Measure(MeasureFunction.RowCount, new RowScope(Window: window)) { Options = new DynamoDbOptions(TimeFormat.EpochMillis, null, null) }]);
        var definition = new DynamoDbSourceDefinition { Region = "eu-west-1", MaxReadUnitsPerSecond = 50 };
        var source = new DynamoDbSourceKind().Create(definition, new SourceEnvironment(".", TimeProvider.System));

        var text = source.Describe(measurement);

        CollectionAssert.AreEqual(
            new[]
            {
                "aws dynamodb describe-table --table-name 'profiles' --region 'eu-west-1'",
                "# one scan for 1 measure(s), read as 4 parallel segments, within 50 read units per second shared by the source\n"
                + "aws dynamodb scan --table-name 'profiles' --select COUNT --filter-expression '#a0 >= :start AND #a0 < :end'"
                + " --expression-attribute-names '{\"#a0\":\"updated_ms\"}' --expression-attribute-values '{\":start\":{\"N\":\"1795597200000\"},\":end\":{\"N\":\"1795683600000\"}}'"
                + " --return-consumed-capacity TOTAL --region 'eu-west-1'",
            },
            text.ToArray());
    }

    [TestMethod]
    public void TimeValues_ReadEachFormat_AndRefuseTheWrongType()
    {
        var instant = new DateTimeOffset(2026, 11, 26, 9, 0, 0, 250, TimeSpan.Zero);
        var micros = (instant - DateTimeOffset.UnixEpoch).Ticks / 10;

        Assert.IsTrue(TimeValues.TryEpochMicros(new Amazon.DynamoDBv2.Model.AttributeValue { S = "2026-11-26T10:00:00.250+01:00" }, TimeFormat.Iso8601, out var fromText));
        Assert.IsTrue(TimeValues.TryEpochMicros(new Amazon.DynamoDBv2.Model.AttributeValue { N = "1795683600.25" }, TimeFormat.EpochSeconds, out var fromSeconds));
        Assert.IsTrue(TimeValues.TryEpochMicros(new Amazon.DynamoDBv2.Model.AttributeValue { N = "1795683600250" }, TimeFormat.EpochMillis, out var fromMillis));
        Assert.IsFalse(TimeValues.TryEpochMicros(new Amazon.DynamoDBv2.Model.AttributeValue { S = "1795683600250" }, TimeFormat.EpochMillis, out _));
        Assert.IsFalse(TimeValues.TryEpochMicros(new Amazon.DynamoDBv2.Model.AttributeValue { NULL = true }, TimeFormat.Iso8601, out _));
        Assert.AreEqual(micros, fromText);
        Assert.AreEqual(micros, fromSeconds);
        Assert.AreEqual(micros, fromMillis);
    }
}
