using CustomerData.Monitors.Cli;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CustomerData.Monitors.Service;

/// <summary>
/// On SIGTERM: no new fires, running checks get scheduler.shutdown_grace to finish, then they are cancelled
/// (their measured results are still recorded). Stops before Quartz, which then waits for the jobs to return.
/// </summary>
internal sealed partial class ShutdownGrace(ISchedulerFactory schedulers, LoadedConfig initial, ILogger<ShutdownGrace> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.Standby(cancellationToken).ConfigureAwait(false);
        var grace = initial.Config.Scheduler.ShutdownGrace.Value;
        var deadline = TimeProvider.System.GetUtcNow() + grace;
        var query = new FireInstanceQuery { SchedulerInstanceId = scheduler.SchedulerInstanceId };
        while (true)
        {
            var running = (await scheduler.QueryFireInstances(query, cancellationToken).ConfigureAwait(false)).Items;
            if (running.Count == 0)
            {
                return;
            }

            if (TimeProvider.System.GetUtcNow() >= deadline)
            {
                foreach (var fire in running)
                {
                    LogInterrupting(logger, fire.JobKey?.Name ?? fire.FireInstanceId, grace);
                    await scheduler.InterruptFireInstance(fire.FireInstanceId, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Schedule} still running after the {Grace} shutdown grace: cancelling its queries")]
    private static partial void LogInterrupting(ILogger logger, string schedule, TimeSpan grace);
}
