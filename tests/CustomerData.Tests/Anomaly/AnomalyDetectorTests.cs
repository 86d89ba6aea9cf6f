using CustomerData.Checks.Anomaly;

namespace CustomerData.Tests.Anomaly;

/// <summary>The learned band on known series: normal buckets stay inside, planted problems fire, and anomalies in training do not widen it.</summary>
[TestClass]
public sealed class AnomalyDetectorTests
{
    private const int FourWeeks = 28 * 24;

    private static readonly AnomalySettings Defaults = AnomalySettings.Default;

    [TestMethod]
    public void CleanWeeklySeries_TheNextWeekStaysInsideTheBand_AndTheBandFollowsTheRhythm()
    {
        var series = SyntheticSeries.Hourly(FourWeeks + 168, SyntheticSeries.WeeklyRate, 0.05, seed: 1);
        var nextWeek = series.Buckets.Skip(FourWeeks).ToList();

        var verdicts = nextWeek.Select(b => AnomalyDetector.Judge(series, b.Start, b.Value, Defaults)).ToList();

        Assert.AreEqual(168, verdicts.Count(v => v.Verdict == AnomalyVerdict.Ok), "every normal bucket of week 5 is OK");
        var monday14 = verdicts[14].Expectation;
        Assert.AreEqual(AnomalySeasonality.HourOfWeek, monday14.Seasonality);
        Assert.AreEqual(FourWeeks, monday14.TrainingPoints);
        Assert.AreEqual(300, monday14.Band!.Expected, 300 * 0.04, "Monday 14:00 expects its usual 300");
        Assert.IsTrue(monday14.Band.Warning.Low is > 220 and < 290, $"warning low {monday14.Band.Warning.Low}");
        Assert.IsTrue(monday14.Band.Warning.High is > 310 and < 400, $"warning high {monday14.Band.Warning.High}");
        var sunday11 = verdicts[(6 * 24) + 11].Expectation.Band!;
        Assert.AreEqual(180, sunday11.Expected, 180 * 0.04, "Sunday 11:00 expects the weekend's 60% of 300");
        Assert.IsTrue(sunday11.Warning.High < monday14.Band.Expected, "the weekend band sits below the weekday's expected value");
    }

    [TestMethod]
    public void PlantedDrop_IsCritical_AndASmallDipIsNot()
    {
        var series = SyntheticSeries.Hourly(FourWeeks, SyntheticSeries.WeeklyRate, 0.05, seed: 2);
        var monday14 = SyntheticSeries.Start.AddDays(28).AddHours(14);

        Assert.AreEqual(AnomalyVerdict.Critical, AnomalyDetector.Judge(series, monday14, 120, Defaults).Verdict, "60% of the orders missing");
        Assert.AreEqual(AnomalyVerdict.Critical, AnomalyDetector.Judge(series, monday14, 900, Defaults).Verdict, "three times the orders");
        Assert.AreEqual(AnomalyVerdict.Ok, AnomalyDetector.Judge(series, monday14, 285, Defaults).Verdict, "5% below usual");
        Assert.AreEqual(AnomalyVerdict.Ok, AnomalyDetector.Judge(series, monday14, 120, Defaults with { Direction = AnomalyDirection.Up }).Verdict);
    }

    [TestMethod]
    public void PastAnomaliesInTraining_DoNotWidenTheBand()
    {
        // Week 2 has a whole stalled day (Tuesday) and a Thursday afternoon at three times the usual.
        static double Planted(DateTimeOffset at, double value) =>
            at.Date == SyntheticSeries.Start.AddDays(8).Date ? 0
            : at.Date == SyntheticSeries.Start.AddDays(10).Date && at.Hour is >= 12 and < 18 ? value * 3
            : value;
        var clean = SyntheticSeries.Hourly(FourWeeks, SyntheticSeries.WeeklyRate, 0.05, seed: 3);
        var dirty = SyntheticSeries.Hourly(FourWeeks, SyntheticSeries.WeeklyRate, 0.05, seed: 3, Planted);
        var tuesday14 = SyntheticSeries.Start.AddDays(29).AddHours(14);

        var cleanBand = AnomalyDetector.Expect(clean, tuesday14, Defaults);
        var dirtyBand = AnomalyDetector.Expect(dirty, tuesday14, Defaults);

        Assert.IsTrue(dirtyBand.ExcludedPoints >= 30, $"the stalled day and the spike are left out ({dirtyBand.ExcludedPoints})");
        // Tuesday 14:00 is learned from three Tuesdays instead of four: its median moves within the noise, no further.
        Assert.AreEqual(cleanBand.Band!.Expected, dirtyBand.Band!.Expected, cleanBand.Band.Expected * 0.08);
        var cleanWidth = cleanBand.Band.Critical.High - cleanBand.Band.Critical.Low;
        var dirtyWidth = dirtyBand.Band.Critical.High - dirtyBand.Band.Critical.Low;
        Assert.IsTrue(dirtyWidth <= cleanWidth * 1.03, $"critical band {dirtyWidth:0.0} wide with the anomalies, {cleanWidth:0.0} without");
    }

    [TestMethod]
    public void LevelShift_IsAdoptedAfterNineOfTwelveBuckets_ButAStallNeverIs()
    {
        var shiftAt = SyntheticSeries.Start.AddDays(14);
        var shifted = SyntheticSeries.Hourly(14 * 24 + 30, _ => 1000, 0.03, seed: 4, (at, value) => at >= shiftAt ? value * 1.5 : value);
        var stalled = SyntheticSeries.Hourly(14 * 24 + 30, _ => 1000, 0.03, seed: 4, (at, value) => at >= shiftAt ? 0 : value);
        var settings = Defaults with { Seasonality = AnomalySeasonality.None };

        var shiftVerdicts = Enumerable.Range(0, 30).Select(k => Judge(shifted, shiftAt.AddHours(k), settings)).ToList();
        var stallVerdicts = Enumerable.Range(0, 30).Select(k => Judge(stalled, shiftAt.AddHours(k), settings)).ToList();

        Assert.AreEqual(9, shiftVerdicts.FindIndex(v => v == AnomalyVerdict.Ok), string.Join(",", shiftVerdicts));
        Assert.IsTrue(shiftVerdicts.Skip(9).All(v => v == AnomalyVerdict.Ok), string.Join(",", shiftVerdicts));
        Assert.IsTrue(stallVerdicts.All(v => v == AnomalyVerdict.Critical), string.Join(",", stallVerdicts));
    }

    [TestMethod]
    public void SparseCounts_ZerosAndSmallCountsStayOk_BurstsFire()
    {
        // About one return an hour: 0, 1 or 2, a few 3s.
        int[] pattern = [0, 1, 0, 2, 1, 0, 0, 1, 3, 0, 1, 2, 0, 0, 1, 1, 0, 2, 0, 1, 0, 0, 3, 1, 0];
        var buckets = Enumerable.Range(0, FourWeeks).Select(i => new BucketValue(SyntheticSeries.Start + (SyntheticSeries.Hour * i), pattern[i % pattern.Length]));
        var series = new BucketSeries(SyntheticSeries.Hour, buckets);
        var next = SyntheticSeries.Start.AddDays(28);

        var zero = AnomalyDetector.Judge(series, next, 0, Defaults);
        Assert.AreEqual(AnomalyVerdict.Ok, zero.Verdict);
        // The median of log(1 + x) sits between 0 and 1 row, so 0.41 rows (√2 − 1) are expected; the last week's level is
        // 1 row, and the band covers both. Too few buckets expect 10 rows or more to fit an overdispersion, so the band is
        // Poisson's: √x within ½ per standard deviation around √1, 4 deviations for WARNING, 6 for CRITICAL.
        var band = zero.Expectation.Band!;
        var center = band.Expected;
        Assert.AreEqual(Math.Sqrt(2) - 1, center, 1e-9);
        Assert.AreEqual(0, band.Warning.Low);
        Assert.AreEqual(9, band.Warning.High, 1e-9);
        Assert.AreEqual(16, band.Critical.High, 1e-9);
        Assert.AreEqual(AnomalyVerdict.Ok, AnomalyDetector.Judge(series, next, 9, Defaults).Verdict);
        Assert.AreEqual(AnomalyVerdict.Warning, AnomalyDetector.Judge(series, next, 10, Defaults).Verdict);
        Assert.AreEqual(AnomalyVerdict.Critical, AnomalyDetector.Judge(series, next, 17, Defaults).Verdict);
    }

    [TestMethod]
    public void BelowMinimumTraining_SaysNotEnoughTraining_WithTheMinimum()
    {
        var series = SyntheticSeries.Hourly(3 * 24, SyntheticSeries.WeeklyRate, 0.05, seed: 5);

        var judgement = AnomalyDetector.Judge(series, SyntheticSeries.Start.AddDays(3), 5000, Defaults);

        Assert.AreEqual(AnomalyVerdict.NotEnoughTraining, judgement.Verdict);
        Assert.IsNull(judgement.Expectation.Band);
        Assert.AreEqual("not enough training: needs 7 days of history, has 3 days (72 buckets)", judgement.Expectation.Note);
        var weekly = AnomalyDetector.Expect(SyntheticSeries.Hourly(10 * 24, SyntheticSeries.WeeklyRate, 0.05, seed: 5), SyntheticSeries.Start.AddDays(10), Defaults with { Seasonality = AnomalySeasonality.HourOfWeek });
        Assert.AreEqual("not enough training: needs 14 days of history, has 10 days (240 buckets)", weekly.Note);
    }

    [TestMethod]
    public void AutoSeasonality_PicksHourOfWeek_ForAWeeklyRhythm_AndNone_ForWhiteNoise()
    {
        var weekly = SyntheticSeries.Hourly(FourWeeks, SyntheticSeries.WeeklyRate, 0.05, seed: 6);
        var daily = SyntheticSeries.Hourly(FourWeeks, at => 20 + (280 * Math.Exp(-Math.Pow(at.Hour - 14, 2) / 18)), 0.05, seed: 6);
        var noise = SyntheticSeries.Hourly(FourWeeks, _ => 1000, 0.2, seed: 6);
        var next = SyntheticSeries.Start.AddDays(28);

        Assert.AreEqual(AnomalySeasonality.HourOfWeek, SeasonalityDetector.Choose(weekly, next, Defaults));
        Assert.AreEqual(AnomalySeasonality.HourOfDay, SeasonalityDetector.Choose(daily, next, Defaults));
        Assert.AreEqual(AnomalySeasonality.None, SeasonalityDetector.Choose(noise, next, Defaults));
    }

    private static AnomalyVerdict Judge(BucketSeries series, DateTimeOffset at, AnomalySettings settings) =>
        AnomalyDetector.Judge(series, at, series.Buckets.Single(b => b.Start == at).Value, settings).Verdict;

    [TestMethod]
    public void AShareThatNeverMoved_ToleratesOneRowInTenThousand_ButNotHalfAPercent()
    {
        // Twenty days of a key that was always unique (0 duplicates), judged as a share of rows and as a plain number.
        var start = new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero);
        var series = new BucketSeries(TimeSpan.FromDays(1), Enumerable.Range(0, 20).Select(d => new BucketValue(start.AddDays(d), 0)));
        var next = start.AddDays(20);
        var share = Defaults with { ValueKind = AnomalyValueKind.Share };

        var band = AnomalyDetector.Expect(series, next, share).Band!;

        // The spread's floor is 0.05 percentage points: WARNING beyond 4 of them, CRITICAL beyond 6.
        Assert.AreEqual((0.002, 0.003), (band.Warning.High, band.Critical.High), $"{band.Warning.High} {band.Critical.High}");
        Assert.AreEqual(AnomalyVerdict.Ok, AnomalyDetector.Judge(series, next, 0.0001, share).Verdict);
        Assert.AreEqual(AnomalyVerdict.Warning, AnomalyDetector.Judge(series, next, 0.0025, share).Verdict);
        Assert.AreEqual(AnomalyVerdict.Critical, AnomalyDetector.Judge(series, next, 0.005, share).Verdict);
        Assert.AreEqual(AnomalyVerdict.Critical, AnomalyDetector.Judge(series, next, 0.0001, Defaults with { ValueKind = AnomalyValueKind.Number }).Verdict, "a plain number has no such floor");
    }

    [TestMethod]
    public void AShiftHeldForHours_IsFlagged_WhereEachBucketAloneStaysInsideItsBand()
    {
        // Noisy hourly orders (±30%); from Monday 08:00 of the fifth week every hour holds f times what it would have:
        // f just inside the band of the sixth such hour, so that hour alone is no alarm.
        var shiftStart = SyntheticSeries.Start.AddDays(28).AddHours(8);
        var judged = shiftStart.AddHours(5);
        var steady = SyntheticSeries.Hourly(FourWeeks + 14, SyntheticSeries.WeeklyRate, 0.3, seed: 5);
        var usual = steady.Buckets.Single(b => b.Start == judged).Value;
        var band = AnomalyDetector.Expect(new BucketSeries(SyntheticSeries.Hour, steady.Buckets.Where(b => b.Start < shiftStart)), judged, Defaults).Band!;
        var f = 0.97 * band.Warning.High / usual;
        var shifted = new BucketSeries(SyntheticSeries.Hour, steady.Buckets.Select(b => b.Start >= shiftStart ? b with { Value = Math.Round(b.Value * f) } : b));
        var value = Math.Round(usual * f);

        var alone = AnomalyDetector.Judge(new BucketSeries(SyntheticSeries.Hour, steady.Buckets.Where(b => b.Start < judged)), judged, value, Defaults);
        var held = AnomalyDetector.Judge(shifted, judged, value, Defaults);

        Assert.IsGreaterThan(1.5, f, $"the shift is large: {f:0.00} times");
        Assert.AreEqual(AnomalyVerdict.Ok, alone.Verdict, $"{value} alone is inside one noisy bucket's band ({band.Warning.High:0})");
        Assert.IsNull(alone.Shift);
        Assert.IsTrue(held.Flagged, held.Verdict.ToString());
        var shift = held.Shift!;
        var last = Enumerable.Range(0, shift.Buckets).Select(k => judged.AddHours(-k)).ToList();
        Assert.IsTrue(shift.Buckets is >= 3 and <= 6, $"{shift.Buckets} buckets");
        Assert.AreEqual(shifted.Buckets.Where(b => last.Contains(b.Start)).Sum(b => b.Value), shift.Observed, 1e-9, "the held buckets' own counts");
        var heldBand = held.Expectation.Band!;
        Assert.AreEqual(
            $"expected {Math.Round(Math.Max(0, heldBand.Warning.Low)):#,0}–{Math.Round(heldBand.Warning.High):#,0} for a Monday 13:00, but the last {shift.Buckets} buckets together hold "
            + $"{shift.Observed:#,0} where {Math.Round(shift.Expected):#,0} were expected ({(shift.Observed / shift.Expected).ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture)}x)",
            CustomerData.Checks.Kinds.LearnedCount.Describe(held.Expectation, judged, TimeZoneInfo.Utc, value: value));
        Assert.AreEqual(AnomalyVerdict.Ok, AnomalyDetector.Judge(shifted, judged, value, Defaults with { Direction = AnomalyDirection.Down }).Verdict);
        Assert.IsNull(
            AnomalyDetector.Judge(shifted, judged, value, Defaults with { ValueKind = AnomalyValueKind.Number }).Shift,
            "numbers other than counts are judged bucket by bucket");
    }
}
