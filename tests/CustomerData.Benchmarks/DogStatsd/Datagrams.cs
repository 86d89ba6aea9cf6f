using System.Globalization;
using CustomerData.Alerts.DogStatsd;

namespace CustomerData.Benchmarks.DogStatsd;

/// <summary>The metric every item-4 variant sends: a check's freshness gauge with the tags the monitor puts on it.</summary>
internal static class Datagrams
{
    public const string Metric = "customer_data.freshness.lag_seconds";

    public static readonly string[] ConstantTags = ["env:prod", "service:customer-data-monitor", "version:1.0.0"];

    public static readonly string[] Tags =
        ["check:orders_freshness", "check_type:freshness", "source:demo", "table:sales.orders", "owner:order-data", "team:order-data", "domain:sales"];

    private static readonly string JoinedConstantTags = string.Join(',', ConstantTags);

    public static DogStatsdService Client(int port) =>
        new(new DogStatsdOptions { Host = "127.0.0.1", Port = port, ConstantTags = ConstantTags }, TimeProvider.System);

    /// <summary>The baseline: the same datagram written with one interpolated string.</summary>
    public static string Interpolated(double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{Metric}:{value}|g|#{JoinedConstantTags},{string.Join(',', Tags)}");
}
