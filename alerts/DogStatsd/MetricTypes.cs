namespace CustomerData.Alerts.DogStatsd;

/// <summary>The type codes a metric datagram ends its value with.</summary>
internal static class MetricTypes
{
    public const string Count = "c";
    public const string Gauge = "g";
    public const string Timer = "ms";
    public const string Histogram = "h";
    public const string Distribution = "d";
    public const string Set = "s";
}
