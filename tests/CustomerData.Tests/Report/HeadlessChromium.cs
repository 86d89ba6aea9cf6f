using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Report;

/// <summary>
/// Debian's chromium, headless, driven over the Chrome DevTools Protocol on a loopback WebSocket: one page whose
/// requests, console messages, exceptions and log entries (CSP violations included) are recorded.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId;
    private string? _session;

    private HeadlessChromium(Process process, string profile) => (_process, _profile) = (process, profile);

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public TaskCompletionSource LoadFired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The browser, or the test skipped (failed under CUSTOMERDATA_REQUIRE_SERVICES=1) when chromium is missing.</summary>
    public static string Executable()
    {
        var found = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        RequiredService.Missing("chromium is not installed (tests/install-services.sh installs Debian's chromium package)");
        return string.Empty;
    }

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
            var address = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            await chromium._socket.ConnectAsync(new Uri(address), cancellationToken);
            chromium._reader = Task.Run(chromium.ReadAsync, CancellationToken.None);
            var target = await chromium.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browser: true);
            var attached = await chromium.SendAsync(
                "Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browser: true);
            chromium._session = attached["sessionId"]!.GetValue<string>();
            foreach (var domain in new[] { "Network.enable", "Runtime.enable", "Log.enable", "Page.enable" })
            {
                await chromium.SendAsync(domain);
            }

            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await LoadFired.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Evaluates an expression in the page and returns its value (as JSON).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            Assert.Fail($"the page threw evaluating {expression}: {exception.ToJsonString()}");
        }

        return result["result"]!["value"];
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
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

        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
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
            // The browser closed or the test is over.
        }
    }

    private void Handle(JsonNode node)
    {
        if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var answer))
        {
            if (node["error"] is { } error)
            {
                answer.TrySetException(new InvalidOperationException(error.ToJsonString()));
            }
            else
            {
                answer.TrySetResult(node["result"] ?? new JsonObject());
            }

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
                LoadFired.TrySetResult();
                break;
            default:
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

        await _reader;
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

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevTools();
}
