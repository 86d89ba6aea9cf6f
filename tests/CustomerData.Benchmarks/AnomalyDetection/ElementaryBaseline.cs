using CustomerData.Checks.Anomaly;

namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>
/// The baseline of issue 13: Elementary's anomaly score, mean ± 3σ of the same bucket over the previous 14 days.
/// As read in elementary-data/dbt-data-reliability 0.25.1, macros/edr/data_monitoring/anomaly_detection/
/// get_anomaly_scores_query.sql: training_avg and training_stddev (stddev, the sample deviation) over the buckets of
/// the same seasonal slot (<c>bucket_seasonality</c>) whose end is within <c>days_back</c> (default 14; × 7 for
/// day_of_week and hour_of_week, get_days_back.sql); anomaly_score = (value − avg) / stddev; anomalous when
/// |score| > anomaly_sensitivity (default 3, get_config_var.sql), null with one training value, 0 when the deviation is 0.
/// Elementary's window is "rows between unbounded preceding and current row", so its training includes the bucket
/// judged; the issue's baseline says the previous 14 days, so this one leaves it out, which only lets it catch more
/// (with 14 values and itself, no single bucket can score above 14/√15 ≈ 3.6).
/// </summary>
internal sealed class ElementaryBaseline(AnomalySeasonality seasonality, int daysBack = 14, double sensitivity = 3)
{
    public string Describe() =>
        $"mean ± {sensitivity}σ of {(seasonality == AnomalySeasonality.None ? "every bucket" : "the buckets of the same " + SeasonalSlots.Name(seasonality))} over the previous {TrainingDays} days";

    private int TrainingDays => seasonality is AnomalySeasonality.DayOfWeek or AnomalySeasonality.HourOfWeek ? daysBack * 7 : daysBack;

    public bool Flags(BucketSeries series, DateTimeOffset bucketStart, double value)
    {
        var slot = SeasonalSlots.Of(bucketStart, seasonality, TimeZoneInfo.Utc);
        double sum = 0, squares = 0;
        var count = 0;
        foreach (var bucket in series.Between(bucketStart - TimeSpan.FromDays(TrainingDays), bucketStart))
        {
            if (SeasonalSlots.Of(bucket.Start, seasonality, TimeZoneInfo.Utc) == slot)
            {
                sum += bucket.Value;
                squares += bucket.Value * bucket.Value;
                count++;
            }
        }

        if (count < 2)
        {
            return false;
        }

        var mean = sum / count;
        var deviation = Math.Sqrt(Math.Max(0, (squares - (count * mean * mean)) / (count - 1)));
        return deviation > 0 && Math.Abs(value - mean) / deviation > sensitivity;
    }
}
