using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CustomerData.Monitors.Service;

/// <summary>
/// Tells Datadog every interval (60 s) that this `serve` is alive and scheduling: gauge and service check
/// `customer_data.heartbeat` tagged `instance:&lt;id&gt;` (CRITICAL, saying why, while results or the outbox cannot be
/// saved), plus the current count of checks.json errors. A scheduler
/// that shut down on its own stops the beat and the service, which then exits non-zero.
/// </summary>
internal sealed partial class Heartbeat(
    ISchedulerFactory schedulers,
    ServiceState state,
    ConfigWatcher watcher,
    ServeSettings settings,
    ServiceFailure failure,
    Readiness readiness,
    IHostApplicationLifetime lifetime,
    ILogger<Heartbeat> logger) : BackgroundService
{
    public const string Metric = "customer_data.heartbeat";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.HeartbeatInterval ?? DefaultInterval, TimeProvider.System);
        try
        {
            do
            {
                var scheduler = await schedulers.GetScheduler(stoppingToken).ConfigureAwait(false);
                var status = await scheduler.GetStatus(stoppingToken).ConfigureAwait(false);
                if (status is SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown
                    && !lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    failure.Record("the scheduler shut down while the service was running");
                    LogSchedulerDown(logger);
                    lifetime.StopApplication();
                    return;
                }

                // Quartz starts once the host has started: no beat before the schedules can fire.
                if (status == SchedulerStatus.Running)
                {
                    Beat(scheduler.SchedulerInstanceId);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Beat(string instanceId)
    {
        // A tag holding ',' or '|' would make the client drop the whole datagram.
        string[] tags = ["instance:" + string.Concat(instanceId.Select(c => c is ',' or '|' or '\r' or '\n' ? '_' : c))];
        var statsd = state.Runtime.Statsd;
        statsd.Gauge(Metric, 1, tags: tags);
        // Alive but losing alerts (results or the outbox cannot be saved): CRITICAL with why, so Datadog pages instead.
        var losing = string.Join("; ", new[] { readiness.Get(CheckGroupJob.RecordingKey), readiness.Get(Composition.OutboxPump.DeliveryKey) }.OfType<string>());
        if (losing.Length == 0)
        {
            statsd.ServiceCheck(Metric, Status.OK, tags: tags);
        }
        else
        {
            statsd.ServiceCheck(Metric, Status.CRITICAL, tags: tags, message: losing);
        }

        // Repeated so a Datadog monitor on it has data between edits, not only at the edit.
        statsd.Gauge(ConfigWatcher.ErrorsMetric, watcher.Errors);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The scheduler shut down while the service was running: stopping")]
    private static partial void LogSchedulerDown(ILogger logger);
}
