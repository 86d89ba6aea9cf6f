namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>The shape of one benchmark series: the rhythms, noise and gaps a real table has, and the problems planted in it.</summary>
/// <param name="Rate">Rows per bucket at the mean of the daily and weekly rhythm.</param>
/// <param name="DailyAmplitude">0 flat through the day; 1 a deep night trough and an afternoon peak (hourly only).</param>
/// <param name="Weekend">Saturday and Sunday rate relative to weekdays (1: no weekly rhythm); weekends also peak earlier.</param>
/// <param name="WeeklyGrowth">Trend: growth of the rate per week (0.03 = +3%).</param>
/// <param name="Noise">Standard deviation of the multiplicative noise on the rate (log scale), on top of Poisson sampling.</param>
/// <param name="Persistence">AR(1) coefficient of that noise: busy hours come in runs.</param>
/// <param name="Missing">Share of buckets never measured (monitor down), plus one outage of a day of hourly buckets.</param>
/// <param name="Holidays">Unlabelled days at 75% of the usual rate: a flag on them is a false alarm.</param>
internal sealed record SeriesSpec(
    string Name,
    bool Hourly,
    double Rate,
    double DailyAmplitude,
    double Weekend,
    double WeeklyGrowth,
    double Noise,
    double Persistence,
    double Missing,
    int Holidays,
    AnomalyKind[] Anomalies)
{
    public TimeSpan Width => Hourly ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    /// <summary>History before the first judged bucket: the detectors' full training span (28 days hourly, 14 weeks daily).</summary>
    public TimeSpan WarmUp => Hourly ? TimeSpan.FromDays(28) : TimeSpan.FromDays(98);

    /// <summary>The judged span: 8 weeks of hourly buckets, 26 weeks of daily ones.</summary>
    public TimeSpan Judged => Hourly ? TimeSpan.FromDays(56) : TimeSpan.FromDays(182);
}
