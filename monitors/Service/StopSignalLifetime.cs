using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerData.Monitors.Service;

/// <summary>
/// The host's lifetime in `serve`: the stop signals serve registered at its very start stop the host (the console
/// lifetime would register its own handlers only once the host starts, leaving the start itself to the runtime's
/// default). Without signals (serve hosted in a test), the host stops only when told to.
/// </summary>
internal sealed partial class StopSignalLifetime(StopSignals? signals, IHostApplicationLifetime lifetime, ILogger<StopSignalLifetime> logger)
    : IHostLifetime, IDisposable
{
    private CancellationTokenRegistration _stop;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        if (signals is not null)
        {
            // Runs at once when the signal came while the host was being built; the start then ends early and stops.
            _stop = signals.Token.Register(() =>
            {
                LogStopRequested(logger, signals.Signal);
                lifetime.StopApplication();
            });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stop.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Signal} received: stopping (no new fires; running checks get the shutdown grace)")]
    private static partial void LogStopRequested(ILogger logger, System.Runtime.InteropServices.PosixSignal? signal);
}
