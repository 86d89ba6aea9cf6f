using CustomerData.Checks.Anomaly;

namespace CustomerData.Tests.Anomaly;

/// <summary>Defaults scaled to the bucket width, what the loader must refuse, and alarms as runs.</summary>
[TestClass]
public sealed class AnomalySettingsTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [TestMethod]
    public void Defaults_ScaleWithTheBucketWidth()
    {
        var settings = AnomalySettings.Default;

        Assert.AreEqual(TimeSpan.FromDays(28), settings.TrainingFor(Hour));
        Assert.AreEqual(TimeSpan.FromDays(84), settings.TrainingFor(Day));
        Assert.AreEqual(TimeSpan.FromDays(7), settings.MinTrainingFor(Hour));
        Assert.AreEqual(TimeSpan.FromDays(14), settings.MinTrainingFor(Day));
        Assert.AreEqual(TimeSpan.FromDays(14), (settings with { Seasonality = AnomalySeasonality.DayOfWeek }).MinTrainingFor(Hour));
        Assert.IsNull(settings.Problem(Hour));
        Assert.IsNull(settings.Problem(TimeSpan.FromMinutes(15)));
    }

    [TestMethod]
    public void Problem_RefusesASeasonalityFinerThanTheBuckets_AndTrainingBelowTheMinimum()
    {
        Assert.AreEqual("seasonality hour_of_day needs buckets that divide 1h, not 1.00:00:00",
            (AnomalySettings.Default with { Seasonality = AnomalySeasonality.HourOfDay }).Problem(Day));
        Assert.AreEqual("training (5 days) is shorter than the minimum training (7 days)",
            (AnomalySettings.Default with { Training = TimeSpan.FromDays(5) }).Problem(Hour));
    }

    [TestMethod]
    public void AlarmRuns_AreConsecutiveFlaggedBuckets_AMissingBucketDoesNotSplitOne()
    {
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        (DateTimeOffset, AnomalyVerdict)[] judged =
        [
            (start, AnomalyVerdict.Ok),
            (start.AddHours(1), AnomalyVerdict.Warning),
            (start.AddHours(3), AnomalyVerdict.Critical),
            (start.AddHours(4), AnomalyVerdict.Ok),
            (start.AddHours(5), AnomalyVerdict.Warning),
        ];

        var runs = AlarmRun.Of(judged);

        Assert.HasCount(2, runs);
        Assert.AreEqual(new AlarmRun(start.AddHours(1), start.AddHours(3), 2, AnomalyVerdict.Critical), runs[0]);
        Assert.AreEqual(new AlarmRun(start.AddHours(5), start.AddHours(5), 1, AnomalyVerdict.Warning), runs[1]);
    }
}
