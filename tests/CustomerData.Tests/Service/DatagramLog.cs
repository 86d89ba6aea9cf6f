using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CustomerData.Tests.Service;

/// <summary>A DogStatsD agent on a real loopback UDP socket that keeps every datagram line it receives, in order.</summary>
internal sealed class DatagramLog : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly List<string> _lines = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DatagramLog() => _loop = ReceiveAsync();

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    /// <summary>The variables a deployment would set to point the monitor here.</summary>
    public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? more = null)
    {
        var variables = new Dictionary<string, string>(more ?? new Dictionary<string, string>())
        {
            ["DD_AGENT_HOST"] = "127.0.0.1",
            ["DD_DOGSTATSD_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return variables;
    }

    public int Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The first line received after the first <paramref name="after"/> lines that starts with the prefix; fails after the timeout.</summary>
    public async Task<(string Line, int Index)> NextAsync(string prefix, int after = 0, int seconds = 30)
    {
        string? found = null;
        var index = -1;
        await ServeHarness.WaitUntilAsync(
            () =>
            {
                var lines = Lines;
                index = lines.Select((l, i) => (l, i)).Skip(after).FirstOrDefault(p => p.l.StartsWith(prefix, StringComparison.Ordinal)) is { l: not null } hit ? hit.i : -1;
                found = index >= 0 ? lines[index] : null;
                return Task.FromResult(found is not null);
            },
            $"a datagram starting with {prefix}; received:\n{string.Join("\n", Lines.Skip(after).TakeLast(20))}",
            seconds);
        return (found!, index);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var packet = await _socket.ReceiveAsync(_stop.Token);
            lock (_lines)
            {
                _lines.AddRange(Encoding.UTF8.GetString(packet.Buffer).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }
}
