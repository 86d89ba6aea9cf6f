using CustomerData.Monitors.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CustomerData.Monitors.Service;

/// <summary>
/// Runs the `serve` host to its end and turns how it ended into the exit code: 0 only for a requested stop
/// (SIGTERM, Ctrl+C); any failure (start, a background loop, the scheduler, stopping) exits 3 with one line saying why.
/// </summary>
internal static class ServiceExit
{
    public static async Task<int> RunAsync(IHost host, TextWriter error, CancellationToken cancellationToken)
    {
        var loops = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && host.Services.GetService<ServiceFailure>()?.Reason is null)
        {
            // A stop requested while the host was starting (SIGTERM): what had started stops as in any stop; no failure.
            return await StopAfterStartAsync(host, error).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync(FatalError.Line("serve could not start", failure)).ConfigureAwait(false);
            return ExitCodes.Unknown;
        }

        try
        {
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync(FatalError.Line("serve did not stop cleanly", failure)).ConfigureAwait(false);
            return ExitCodes.Unknown;
        }

        if (host.Services.GetService<ServiceFailure>()?.Reason is { } reason)
        {
            await error.WriteLineAsync($"error: serve stopped, {reason}: see the log above").ConfigureAwait(false);
            return ExitCodes.Unknown;
        }

        if (loops.FirstOrDefault(l => l.ExecuteTask is { IsFaulted: true }) is { } failed)
        {
            var exception = failed.ExecuteTask!.Exception!.GetBaseException();
            await error.WriteLineAsync(FatalError.Line($"serve stopped, {failed.GetType().Name} failed", exception)).ConfigureAwait(false);
            return ExitCodes.Unknown;
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> StopAfterStartAsync(IHost host, TextWriter error)
    {
        try
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (Exception failure)
        {
            await error.WriteLineAsync(FatalError.Line("serve did not stop cleanly", failure)).ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
    }
}
