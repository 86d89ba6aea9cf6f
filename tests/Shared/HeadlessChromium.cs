using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CustomerData.Testing;

/// <summary>
/// Debian's chromium, headless, driven over the Chrome DevTools Protocol on a loopback WebSocket: one page whose
/// requests, console messages, exceptions and log entries (CSP violations included) are recorded. Compiled into the
/// tests and the benchmarks; each says in its own part where the browser is (<c>Executable</c>) and what a missing one
/// means there (a skipped test, a failed benchmark).
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Paths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;
    private int _nextId;
    private string? _session;

    private HeadlessChromium(Process process, string profile) => (_process, _profile) = (process, profile);

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken)
    {
        var profile = Path.Combine(Path.GetTempPath(), "customerdata-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "--window-size=1280,2000", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var chromium = new HeadlessChromium(process, profile);
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text && DevTools().Match(text) is { Success: true } match)
            {
                endpoint.TrySetResult(match.Groups[1].Value);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var address = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            await chromium._socket.ConnectAsync(new Uri(address), cancellationToken).ConfigureAwait(false);
            chromium._reader = Task.Run(chromium.ReadAsync, CancellationToken.None);
            var target = await chromium.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browser: true).ConfigureAwait(false);
            var attached = await chromium.SendAsync(
                "Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browser: true).ConfigureAwait(false);
            chromium._session = attached["sessionId"]!.GetValue<string>();
            foreach (var domain in new[] { "Network.enable", "Runtime.enable", "Log.enable", "Page.enable" })
            {
                await chromium.SendAsync(domain).ConfigureAwait(false);
            }

            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Navigates and waits for the page's load event; returns the wall time from the command to the event.</summary>
    public async Task<double> LoadAsync(string url, TimeSpan timeout)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }).ConfigureAwait(false);
        await _loaded.Task.WaitAsync(timeout).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    public Task NavigateAsync(string url) => LoadAsync(url, TimeSpan.FromSeconds(60));

    /// <summary>Evaluates an expression in the page (promises awaited) and returns its value as JSON; throws what the page threw.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }).ConfigureAwait(false);
        return result["exceptionDetails"] is { } exception
            ? throw new InvalidOperationException($"the page threw evaluating {expression}: {exception.ToJsonString()}")
            : result["result"]!["value"];
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }).ConfigureAwait(false);
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    public async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null, bool browser = false)
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

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
            // Chromium may still release a lock file; the temp folder is the system's to clean.
        }
    }

    /// <summary>The first of Debian's paths that exists, or null.</summary>
    private static string? Installed() => Paths.FirstOrDefault(File.Exists);

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
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                Handle(node);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // The browser closed, or its user is done with it.
        }
    }

    private void Handle(JsonNode node)
    {
        if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var answer))
        {
            _ = node["error"] is { } error
                ? answer.TrySetException(new InvalidOperationException(error.ToJsonString()))
                : answer.TrySetResult(node["result"] ?? new JsonObject());
            return;
        }

        var parameters = node["params"];
        switch (node["method"]?.GetValue<string>())
        {
            case "Network.requestWillBeSent":
                Requests.Enqueue(parameters!["request"]!["url"]!.GetValue<string>());
                break;
            case "Runtime.consoleAPICalled" when parameters!["type"]!.GetValue<string>() is "error" or "assert":
                Errors.Enqueue("console: " + parameters["args"]!.ToJsonString());
                break;
            case "Runtime.exceptionThrown":
                Errors.Enqueue("exception: " + parameters!["exceptionDetails"]!.ToJsonString());
                break;
            case "Log.entryAdded" when parameters!["entry"]!["level"]!.GetValue<string>() == "error":
                Errors.Enqueue("log: " + parameters["entry"]!.ToJsonString());
                break;
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            default:
                break;
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevTools();
}
