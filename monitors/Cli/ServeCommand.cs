using System.CommandLine;
using CustomerData.Monitors.Composition;
using CustomerData.Monitors.Service;

namespace CustomerData.Monitors.Cli;

/// <summary>serve: the long-running monitor, running every check on its schedule until stopped.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var healthPort = new Option<int?>("--health-port") { Description = "Serve /healthz and /readyz on this port (off by default)." };
        var healthHost = new Option<string>("--health-host") { Description = "The address the health endpoints bind to.", DefaultValueFactory = _ => "127.0.0.1" };
        var runAtStart = new Option<bool>("--run-at-start") { Description = "Run every schedule once at start-up (also scheduler.run_at_startup)." };
        var instanceId = new Option<string?>("--instance-id") { Description = "This node's id in a cluster (default: generated from host and time)." };
        var command = new Command("serve", """
            Runs every enabled check on its cron schedule until stopped (Ctrl+C or SIGTERM: running checks get
            scheduler.shutdown_grace to finish). Reloads checks.json when it changes; writes JSON logs; records
            every result and alert in --data-dir (or PostgreSQL); in cluster mode, replicas share the work.

            Example:
              cdm serve --health-port 8080
            """);
        command.Options.Add(healthPort);
        command.Options.Add(healthHost);
        command.Options.Add(runAtStart);
        command.Options.Add(instanceId);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // From here on SIGTERM and Ctrl+C stop serve, whatever it is doing: loading, starting or running.
            using var signals = new StopSignals();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals.Token);
            var loaded = CommonOptions.Load(parse, console);
            if (loaded is null)
            {
                return ExitCodes.ConfigurationError;
            }

            var settings = new ServeSettings(parse.GetValue(healthPort), parse.GetValue(healthHost)!, parse.GetValue(runAtStart), console.Environment, parse.GetValue(instanceId));
            try
            {
                if (loaded.Config.Scheduler.Mode == Checks.Definitions.SchedulerMode.Cluster)
                {
                    // The project ships Quartz's PostgreSQL tables and creates them on the first node's start.
                    await using var database = Npgsql.NpgsqlDataSource.Create(Stores.ConnectionString(loaded.Config.Scheduler, console.Environment));
                    await Scheduling.QuartzPostgresSchema.EnsureAsync(database, stop.Token).ConfigureAwait(false);
                }

                using var loggers = CliLogging.Create();
                await using var runtime = await MonitorRuntime.CreateAsync(loaded, alerts: true, console.Environment, console.Time, loggers, console.Error, stop.Token).ConfigureAwait(false);
                using var host = ServiceHost.Build(loaded, settings, runtime, console.Time, signals);
                return await ServiceExit.RunAsync(host, console.Error, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                // Stopped before the service started: nothing ran yet, so nothing is lost. A stop is not a failure.
                return ExitCodes.Ok;
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Never exit 0 (a supervisor would not restart) nor 1 (CRITICAL): an infrastructure failure, in one line.
                await console.Error.WriteLineAsync(FatalError.Line("serve could not start", error)).ConfigureAwait(false);
                return ExitCodes.Unknown;
            }
        });
        return command;
    }
}
