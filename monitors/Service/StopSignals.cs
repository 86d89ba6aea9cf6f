using System.Runtime.InteropServices;

namespace CustomerData.Monitors.Service;

/// <summary>
/// SIGTERM, SIGINT (Ctrl+C) and SIGQUIT as a stop request, from the moment `serve` begins until it returns: the
/// process is never ended by the runtime's default (exit 143 at once while it loads, or a start that fails with exit
/// 3); serve stops what it started and exits 0. Registered before anything is loaded, it covers the start too.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;
    private PosixSignal? _signal;

    public StopSignals()
    {
        _registrations = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT }
            .Select(s => PosixSignalRegistration.Create(s, OnSignal))];
    }

    /// <summary>Cancelled when a stop is requested.</summary>
    public CancellationToken Token => _requested.Token;

    /// <summary>The signal that asked for the stop, once one did.</summary>
    public PosixSignal? Signal => _signal;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // serve ends by itself, with its exit code, once what runs has stopped.
        context.Cancel = true;
        _signal ??= context.Signal;
        try
        {
            _requested.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // serve is already returning.
        }
    }
}
