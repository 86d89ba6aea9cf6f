using System.Diagnostics;
using System.Globalization;
using CustomerData.Benchmarks.Report;
using CustomerData.Benchmarks.Support;

namespace CustomerData.Benchmarks.Scale;

/// <summary>
/// One start of `serve`: time to the "Scheduled ... for N checks" log line, time to /readyz answering 200, memory once
/// ready (or, with runAll, once the run of every check that --run-at-start begins has been recorded) and, when asked,
/// its managed heap.
/// </summary>
internal sealed record ServeStart(double ScheduledMs, double ReadyMs, ResidentMemory Memory, ProcessHeap? Heap)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Starts the real executable on a fresh data directory, waits until it is ready, reads its memory and stops it with SIGTERM.</summary>
    public static async Task<ServeStart> MeasureAsync(string config, int checks, string dataDirectory, IReadOnlyDictionary<string, string> environment, HttpClient http, bool readHeap, CancellationToken cancellationToken, bool runAll = false, Action<int>? inspect = null)
    {
        var port = FreePort.Next();
        string[] arguments = ["serve", "--config", config, "--data-dir", dataDirectory, "--health-port", port.ToString(CultureInfo.InvariantCulture)];
        using var process = MonitorProcess.Start(Repository.MonitorsDll, runAll ? [.. arguments, "--run-at-start"] : arguments, environment);
        var ran = process.WaitForLineAsync(line => line.Contains(" fired for ", StringComparison.Ordinal) && line.Contains($"{checks} checks ran", StringComparison.Ordinal));
        var scheduled = process.WaitForLineAsync(line => line.Contains("Scheduled ", StringComparison.Ordinal) && line.Contains($"for {checks} checks", StringComparison.Ordinal));
        try
        {
            var readyAt = await WaitReadyAsync(process, http, port, cancellationToken).ConfigureAwait(false);
            var scheduledAt = await scheduled.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            if (runAll)
            {
                await ran.WaitAsync(RunTimeout, cancellationToken).ConfigureAwait(false);
            }

            // Memory once start-up's garbage has had a moment to be collected, as a pod would sit between fires.
            await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
            var memory = process.Memory();
            var heap = readHeap ? ProcessHeap.Read(process.Id) : null;
            inspect?.Invoke(process.Id);
            return new ServeStart(Stats.Milliseconds(process.StartedAt, scheduledAt), Stats.Milliseconds(process.StartedAt, readyAt), memory, heap);
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"serve did not become ready: {error.Message}\n{Tail(process.Output())}", error);
        }
        finally
        {
            await process.StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        }
    }

    private static async Task<long> WaitReadyAsync(MonitorProcess process, HttpClient http, int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        var url = new Uri($"http://127.0.0.1:{port}/readyz");
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("serve exited");
            }

            try
            {
                using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetTimestamp();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"/readyz did not answer 200 within {StartTimeout.TotalSeconds} s");
    }

    private static string Tail(string output) => string.Join("\n", output.Split('\n').TakeLast(20));
}
