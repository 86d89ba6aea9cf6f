using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CustomerData.Benchmarks.ReportPage;

/// <summary>
/// Debian's chromium, headless, with one tab driven over the DevTools protocol on loopback: navigate to a file and wait
/// for its load event, then evaluate expressions in it. The same protocol the report's tests use.
/// </summary>
internal sealed partial class ChromiumPage : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;
    private string? _session;

    private ChromiumPage(Process process, string profile) => (_process, _profile) = (process, profile);

    public static string? Executable() => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public static async Task<ChromiumPage> StartAsync()
    {
        var profile = Directory.CreateTempSubdirectory("customerdata-bench-chromium-").FullName;
        var start = new ProcessStartInfo(Executable() ?? throw new InvalidOperationException("chromium is not installed (tests/install-services.sh installs it)"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            "--window-size=1280,1000", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var page = new ChromiumPage(Process.Start(start)!, profile);
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page._process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text && DevTools().Match(text) is { Success: true } match)
            {
                endpoint.TrySetResult(match.Groups[1].Value);
            }
        };
        page._process.BeginErrorReadLine();
        page._process.BeginOutputReadLine();
        try
        {
            await page._socket.ConnectAsync(new Uri(await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false)), CancellationToken.None).ConfigureAwait(false);
            page._reader = Task.Run(page.ReadAsync);
            var target = await page.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browser: true).ConfigureAwait(false);
            var attached = await page.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browser: true).ConfigureAwait(false);
            page._session = attached["sessionId"]!.GetValue<string>();
            await page.SendAsync("Page.enable").ConfigureAwait(false);
            await page.SendAsync("Runtime.enable").ConfigureAwait(false);
            return page;
        }
        catch
        {
            await page.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Navigates and waits for the load event; returns the wall time from the navigate command to the event.</summary>
    public async Task<double> LoadAsync(string url, TimeSpan timeout)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }).ConfigureAwait(false);
        await _loaded.Task.WaitAsync(timeout).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }).ConfigureAwait(false);
        return result["exceptionDetails"] is { } exception
            ? throw new InvalidOperationException($"the page threw evaluating {expression}: {exception.ToJsonString()}")
            : result["result"]!["value"];
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null, bool browser = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browser && _session is not null)
        {
            message["sessionId"] = _session;
        }

        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        return await answer.Task.WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    var node = JsonNode.Parse(message.ToArray())!;
                    message.SetLength(0);
                    if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var answer))
                    {
                        _ = node["error"] is { } error ? answer.TrySetException(new InvalidOperationException(error.ToJsonString())) : answer.TrySetResult(node["result"] ?? new JsonObject());
                    }
                    else if (node["method"]?.GetValue<string>() == "Page.loadEventFired")
                    {
                        _loaded.TrySetResult();
                    }
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // The browser closed, or the benchmark is done with it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A lock file still held; the temp folder is the system's to clean.
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevTools();
}
