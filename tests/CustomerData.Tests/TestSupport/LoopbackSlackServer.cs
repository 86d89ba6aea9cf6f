using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CustomerData.Tests.TestSupport;

/// <summary>A Slack incoming webhook on loopback: records every post and answers as scripted (200 "ok" by default).</summary>
internal sealed class LoopbackSlackServer : IAsyncDisposable
{
    private const int CutStatus = 0;
    private const int HangStatus = -1;
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(int Status, string Body, string? RetryAfter)> _script = new();
    private readonly Task _loop;

    public LoopbackSlackServer()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/services/T000/B000/secret-token");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>Every request body received, with the status it was answered with.</summary>
    public ConcurrentQueue<(string Body, int Status)> Posts { get; } = new();

    /// <summary>Bodies answered 200: what Slack showed.</summary>
    public IReadOnlyList<string> Delivered => [.. Posts.Where(p => p.Status == 200).Select(p => p.Body)];

    /// <summary>Queues answers for the next requests, such as (429, "rate_limited", "1").</summary>
    public void Answer(int status, string body, string? retryAfter = null) => _script.Enqueue((status, body, retryAfter));

    /// <summary>The next request is read whole, then its connection is cut before the answer is complete (recorded with status 0).</summary>
    public void CutAfterRequest() => _script.Enqueue((CutStatus, string.Empty, null));

    /// <summary>The next request is read whole, then answered 200 only after <paramref name="delay"/> (recorded with status -1).</summary>
    public void Hang(TimeSpan delay) => _script.Enqueue((HangStatus, ((long)delay.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture), null));

    public async ValueTask DisposeAsync()
    {
        if (!_listener.IsListening)
        {
            return;
        }

        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // Each request is answered on its own, so a hanging answer never holds up the next request.
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var (status, answer, retryAfter) = _script.TryDequeue(out var scripted) ? scripted : (200, "ok", null);
            Posts.Enqueue((body, status));
            if (status == CutStatus)
            {
                // HttpListener cannot close a connection without answering (Abort still sends headers): the answer is
                // cut off instead, mid-body, which the client sees as a connection cut after its request left.
                context.Response.ContentLength64 = 1000;
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("o"));
                await context.Response.OutputStream.FlushAsync();
                context.Response.Abort();
                return;
            }

            if (status == HangStatus)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(long.Parse(answer, System.Globalization.CultureInfo.InvariantCulture)));
                (status, answer) = (200, "ok");
            }

            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers["Retry-After"] = retryAfter;
            }

            var bytes = Encoding.UTF8.GetBytes(answer);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The client gave up (a timeout) or the server is stopping: nothing to answer.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
