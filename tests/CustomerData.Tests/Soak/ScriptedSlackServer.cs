using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CustomerData.Tests.Soak;

/// <summary>
/// A Slack incoming webhook on loopback, written on a raw socket so it can misbehave as networks do: it answers
/// 200, 5xx, 429 with Retry-After, hangs past the client's timeout, and cuts connections before or after reading
/// the request, at random (seeded). It records every request with its exact body and answer, one URL per channel.
/// </summary>
internal sealed class ScriptedSlackServer : IAsyncDisposable
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(40);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<WebhookRequest> _requests = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly Task _accepting;
    private readonly TimeProvider _time;
    private WebhookFaults _faults;
    private DateTimeOffset _stormUntil;
    private int _connectionCount;

    public ScriptedSlackServer(int seed, WebhookFaults faults, TimeProvider time)
    {
        _random = new Random(seed);
        _faults = faults;
        _time = time;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Rate-limit storms started so far.</summary>
    public int Storms { get; private set; }

    public IReadOnlyList<WebhookRequest> Requests => [.. _requests];

    public Uri UrlFor(string channel) => new($"http://127.0.0.1:{Port}/services/{channel.TrimStart('#')}/soak-token");

    /// <summary>Changes the script from the next request on (the final delivery answers 200 only).</summary>
    public void Script(WebhookFaults faults)
    {
        lock (_gate)
        {
            _faults = faults;
            _stormUntil = DateTimeOffset.MinValue;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections.Values);
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _connectionCount);
            _connections[id] = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(client);
                }
                catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client went away (its timeout, a killed monitor): nothing to answer.
                }
                finally
                {
                    client.Dispose();
                    _connections.TryRemove(id, out _);
                }
            });
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var reader = new HttpRequestReader(stream);
        while (await reader.ReadAsync(_stop.Token) is { } request)
        {
            WebhookAnswer answer;
            int variant;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                if (_stormUntil <= now && _random.NextDouble() < _faults.Storm)
                {
                    _stormUntil = now + TimeSpan.FromSeconds(10 + (_random.NextDouble() * 10));
                    Storms++;
                }

                answer = _stormUntil > now ? WebhookAnswer.RateLimited : _faults.Draw(_random);
                variant = _random.Next(3);
            }

            var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var channel = segments.Length > 1 ? "#" + segments[1] : request.Path;
            _requests.Enqueue(new WebhookRequest(_time.GetUtcNow(), channel, request.Body, answer));
            switch (answer)
            {
                case WebhookAnswer.Ok:
                    await AnswerAsync(stream, "200 OK", "ok", null);
                    break;
                case WebhookAnswer.ServerError:
                    string[] errors = ["500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable"];
                    await AnswerAsync(stream, errors[variant], "internal_error", null);
                    break;
                case WebhookAnswer.RateLimited:
                    await AnswerAsync(stream, "429 Too Many Requests", "rate_limited", (1 + (variant % 2)).ToString(CultureInfo.InvariantCulture));
                    break;
                case WebhookAnswer.HangAfterReading:
                    await WaitForClientToLeaveAsync(stream);
                    Reset(client);
                    return;
                default:
                    Reset(client);
                    return;
            }
        }
    }

    private async Task WaitForClientToLeaveAsync(NetworkStream stream)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        limit.CancelAfter(HangLimit);
        var sink = new byte[256];
        try
        {
            while (await stream.ReadAsync(sink, limit.Token) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Linger 0: the close sends RST, as a load balancer dropping the connection does.
    private static void Reset(TcpClient client)
    {
        client.LingerState = new LingerOption(true, 0);
        client.Close();
    }

    private static async Task AnswerAsync(NetworkStream stream, string status, string body, string? retryAfter)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\n");
        if (retryAfter is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Retry-After: {retryAfter}\r\n");
        }

        head.Append("\r\n").Append(body);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.FlushAsync();
    }
}
