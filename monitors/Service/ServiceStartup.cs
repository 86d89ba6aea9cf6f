using CustomerData.Monitors.Cli;
using Microsoft.Extensions.Hosting;

namespace CustomerData.Monitors.Service;

/// <summary>Installs the first configuration, schedules it, and runs what was missed while the service was down.</summary>
internal sealed class ServiceStartup(LoadedConfig initial, ServiceState state, ScheduleSynchronizer synchronizer, ServeSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        state.Install(initial, ServiceState.OpenSources(initial, state.Time));
        await synchronizer.SyncAsync(initial, cancellationToken).ConfigureAwait(false);
        var runEverything = settings.RunAtStartup || initial.Config.Scheduler.RunAtStartup;
        if (runEverything || initial.Config.Scheduler.Mode == Checks.Definitions.SchedulerMode.Memory)
        {
            await synchronizer.CatchUpAsync(initial, runEverything, cancellationToken).ConfigureAwait(false);
        }

        // Loading and scheduling a large configuration leaves its garbage behind: give it back before sitting idle.
        HeapTrim.AfterLargeWork();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
