using System.Net;
using System.Net.Sockets;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>
/// The agent's IP address, resolved once, in the background from the moment the client starts, within a bounded time:
/// a DNS server that never answers costs at most that time once (packets wait for it, callers never do), then packets
/// are dropped and counted as send failures while the name is resolved again at most once a minute.
/// </summary>
internal sealed class AgentAddress
{
    /// <summary>How long after a failed resolution the name is tried again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);

    private readonly string _host;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private Task<IPAddress?>? _resolving;
    private IPAddress? _address;
    private string? _failure;
    private DateTimeOffset _retryAt;

    public AgentAddress(string host, Func<string, CancellationToken, Task<IPAddress[]>> resolve, TimeSpan timeout, TimeProvider time)
    {
        _host = host;
        _resolve = resolve;
        _timeout = timeout;
        _time = time;
        if (IPAddress.TryParse(host, out var address))
        {
            _address = address;
        }
        else
        {
            _resolving = Task.Run(ResolveAsync);
        }
    }

    /// <summary>The address; waits at most what is left of the bounded resolution. Used by the one sending loop.</summary>
    /// <exception cref="SocketException">The name did not resolve (yet): the packet is lost.</exception>
    public async ValueTask<IPAddress> GetAsync()
    {
        if (_address is { } known)
        {
            return known;
        }

        if (_resolving is null && _time.GetUtcNow() >= _retryAt)
        {
            _resolving = Task.Run(ResolveAsync);
        }

        if (_resolving is not null)
        {
            _address = await _resolving.ConfigureAwait(false);
            _resolving = null;
            if (_address is { } resolved)
            {
                return resolved;
            }

            _retryAt = _time.GetUtcNow() + RetryInterval;
        }

        throw new SocketException((int)SocketError.HostNotFound, $"the agent host {_host} did not resolve: {_failure}");
    }

    private async Task<IPAddress?> ResolveAsync()
    {
        using var timeout = new CancellationTokenSource();
        try
        {
            // Run apart, so even a resolver that blocks before returning its task is bounded by the timeout.
            var addresses = await Task.Run(() => _resolve(_host, timeout.Token)).WaitAsync(_timeout, _time).ConfigureAwait(false);

            // The agent listens on IPv4 by default, while "localhost" often resolves to ::1 first.
            var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            _failure = address is null ? "no address" : null;
            return address;
        }
        catch (TimeoutException)
        {
            await timeout.CancelAsync().ConfigureAwait(false);
            _failure = $"no answer within {_timeout.TotalSeconds:0.###} s";
            return null;
        }
        catch (Exception error) when (error is SocketException or ArgumentException or OperationCanceledException)
        {
            _failure = error.Message;
            return null;
        }
    }
}
