using CustomerData.Alerts.DogStatsd;
using CustomerData.Alerts.Publishing;
using CustomerData.Checks.Engine;

namespace CustomerData.Alerts.Emission;

/// <summary>Sends each result to Datadog: status gauge, measured value, duration, bytes, errors, and the service check.</summary>
public sealed class DatadogMetricsPublisher(IDogStatsd statsd) : IResultPublisher
{
    public const string ServiceCheck = "customer_data.check";
    public const string StatusMetric = "customer_data.check.status";
    public const string DurationMetric = "customer_data.check.duration";
    public const string BytesMetric = "customer_data.query.bytes_processed";
    public const string ErrorsMetric = "customer_data.check.errors";

    public string Name => "datadog-metrics";

    public Task PublishAsync(RunOutcome run, CancellationToken cancellationToken)
    {
        foreach (var result in run.Results)
        {
            var tags = CheckTags.For(result, run.Config);
            statsd.Gauge(StatusMetric, (int)result.Status, tags: tags);
            if (result.Value is { } value && result.ValueMetric is { } metric)
            {
                statsd.Gauge(metric, value, tags: tags);
            }

            // A learned range is graphed next to the value: customer_data.volume.expected_low / expected_high.
            if (result is { ExpectedLow: { } low, ExpectedHigh: { } high })
            {
                statsd.Gauge($"customer_data.{result.Type}.expected_low", low, tags: tags);
                statsd.Gauge($"customer_data.{result.Type}.expected_high", high, tags: tags);
            }

            statsd.Distribution(DurationMetric, result.Duration.TotalSeconds, tags: tags);
            if (result.BytesProcessed is { } bytes)
            {
                statsd.Counter(BytesMetric, bytes, tags: tags);
            }

            if (result.Status == CheckStatus.Unknown)
            {
                statsd.Increment(ErrorsMetric, tags: tags);
            }

            statsd.ServiceCheck(ServiceCheck, (Status)(int)result.Status, tags: tags, message: result.Message);
        }

        return Task.CompletedTask;
    }
}
