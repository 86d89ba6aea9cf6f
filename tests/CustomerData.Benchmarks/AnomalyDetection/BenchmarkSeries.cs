namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>
/// The 24 series of the labelled benchmark: 16 hourly, 8 daily; weekly and daily rhythms, trend, holidays, three noise
/// levels, persistent noise, missing buckets and sparse low counts, each with four planted problems.
/// </summary>
internal static class BenchmarkSeries
{
    private const AnomalyKind Drop = AnomalyKind.Drop;
    private const AnomalyKind Spike = AnomalyKind.Spike;
    private const AnomalyKind Shift = AnomalyKind.LevelShift;
    private const AnomalyKind Drift = AnomalyKind.Drift;
    private const AnomalyKind Stall = AnomalyKind.Stall;

    public static IReadOnlyList<SeriesSpec> All { get; } =
    [
        new("orders_hourly", true, 400, 0.9, 0.6, 0, 0.08, 0, 0, 0, [Drop, Spike, Stall, Shift]),
        new("orders_hourly_trend", true, 300, 0.9, 0.6, 0.04, 0.08, 0, 0.02, 1, [Drift, Drop, Spike, Stall]),
        new("signups_hourly_noisy", true, 120, 0.7, 0.7, 0, 0.15, 0.5, 0.02, 1, [Drop, Stall, Spike, Drift]),
        new("events_hourly_big", true, 20000, 0.8, 0.8, 0.02, 0.03, 0.6, 0, 0, [Spike, Drift, Drop, Shift]),
        new("payments_hourly_flat_week", true, 250, 0.9, 1, 0, 0.08, 0, 0.05, 0, [Stall, Drop, Shift, Spike]),
        new("logins_hourly_flat_day", true, 600, 0, 0.5, 0, 0.06, 0.3, 0, 1, [Drop, Spike, Drift, Stall]),
        new("api_calls_hourly_white", true, 5000, 0, 1, 0, 0.05, 0, 0, 0, [Spike, Drop, Stall, Shift]),
        new("returns_hourly_sparse", true, 2, 0.9, 0.6, 0, 0.1, 0, 0, 0, [Spike, Stall, Spike, Drop]),
        new("refunds_hourly_very_sparse", true, 0.4, 0.6, 0.7, 0, 0.1, 0, 0.02, 0, [Spike, Stall, Spike, Spike]),
        new("tickets_hourly_sparse_trend", true, 6, 0.9, 0.5, 0.05, 0.12, 0.3, 0, 1, [Spike, Drop, Stall, Shift]),
        new("sessions_hourly_decline", true, 900, 0.8, 0.7, -0.03, 0.1, 0.5, 0.02, 2, [Shift, Stall, Drop, Spike]),
        new("carts_hourly_persistent", true, 1500, 0.8, 0.65, 0.01, 0.12, 0.7, 0, 1, [Drop, Drift, Spike, Stall]),
        new("invoices_hourly_missing", true, 200, 0.9, 0.4, 0, 0.08, 0, 0.08, 0, [Stall, Spike, Drop, Drift]),
        new("emails_hourly_holidays", true, 800, 0.7, 0.6, 0.02, 0.07, 0.3, 0.01, 2, [Spike, Drop, Shift, Stall]),
        new("clicks_hourly_growth", true, 3000, 0.8, 0.8, 0.08, 0.06, 0.4, 0, 0, [Drop, Stall, Drift, Spike]),
        new("shipments_hourly_weekdays", true, 150, 1, 0.3, 0, 0.1, 0.2, 0.02, 1, [Spike, Shift, Stall, Drop]),
        new("orders_daily", false, 9000, 0, 0.6, 0, 0.06, 0, 0, 1, [Drop, Spike, Stall, Shift]),
        new("orders_daily_trend", false, 5000, 0, 0.7, 0.02, 0.07, 0.3, 0.02, 2, [Drift, Drop, Spike, Stall]),
        new("signups_daily_noisy", false, 800, 0, 0.75, 0, 0.15, 0.4, 0.03, 2, [Spike, Drop, Drift, Stall]),
        new("events_daily_flat", false, 400000, 0, 1, 0, 0.04, 0.5, 0, 0, [Drop, Spike, Shift, Stall]),
        new("returns_daily_sparse", false, 12, 0, 0.5, 0, 0.15, 0, 0, 1, [Spike, Stall, Drop, Spike]),
        new("sessions_daily_decline", false, 20000, 0, 0.8, -0.02, 0.05, 0.5, 0.02, 2, [Shift, Stall, Drop, Spike]),
        new("invoices_daily_weekdays", false, 1200, 0, 0.2, 0.01, 0.08, 0.2, 0.05, 1, [Stall, Spike, Drift, Drop]),
        new("clicks_daily_growth", false, 60000, 0, 0.85, 0.05, 0.06, 0.4, 0, 2, [Spike, Drift, Drop, Shift]),
    ];
}
