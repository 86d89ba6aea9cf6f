using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using CustomerData.Benchmarks.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CustomerData.Benchmarks.AlertPath;

/// <summary>
/// A Slack incoming webhook on loopback that answers 200 "ok" and notes when each request had fully arrived.
/// Kestrel, not HttpListener as in the tests: HttpListener on Linux sends its answer in small writes that meet
/// TCP's delayed acknowledgement, so every answer takes about 40 ms, which would slow the benchmark and hide
/// the client's own time behind the server's.
/// </summary>
internal sealed class TimedSlackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TimedSlackServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Per request, in order: the Stopwatch timestamp once its body was read, and the body.</summary>
    public ConcurrentQueue<(long ArrivedAt, string Body)> Arrivals { get; } = new();

    public static async Task<TimedSlackServer> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TimedSlackServer(app, new Uri($"http://127.0.0.1:{port}/services/T000/B000/bench-token"));
        app.MapPost("/services/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            server.Arrivals.Enqueue((Stopwatch.GetTimestamp(), body));
            return Results.Text("ok");
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
