using System.Diagnostics;
using System.Globalization;

namespace CustomerData.Benchmarks.Scale;

/// <summary>
/// The real monitor executable as a child process (`dotnet CustomerData.Monitors.dll ...`): its output lines
/// as they come, a wait for a given line, its resident memory from /proc, and a SIGTERM to stop it.
/// </summary>
internal sealed class MonitorProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<long> Seen)> _waiters = [];

    private MonitorProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>When the process was started (a Stopwatch timestamp).</summary>
    public long StartedAt { get; private init; }

    public int Id => _process.Id;

    public static MonitorProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        return new MonitorProcess(process) { StartedAt = startedAt };
    }

    /// <summary>Runs a command to its end; returns its exit code, its wall time and what it printed.</summary>
    public static async Task<(int ExitCode, double Milliseconds, string Output)> RunAsync(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        using var process = Start(dll, arguments, environment);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process._process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return (-1, timeout.TotalMilliseconds, "timed out");
        }

        var elapsed = Stopwatch.GetElapsedTime(process.StartedAt).TotalMilliseconds;
        process._process.WaitForExit();
        return (process._process.ExitCode, elapsed, process.Output());
    }

    /// <summary>Waits for a line matching the predicate; returns the Stopwatch timestamp at which it was read.</summary>
    public Task<long> WaitForLineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            _waiters.Add((match, seen));
        }

        return seen.Task;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>From /proc/PID/status, in bytes: VmRSS, VmHWM (peak), and the resident memory split into anonymous (heaps) and file-backed (code, mapped files).</summary>
    public ResidentMemory Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        long Read(string key) => status
            .Where(l => l.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024)
            .FirstOrDefault();
        return new ResidentMemory(Read("VmRSS"), Read("VmHWM"), Read("RssAnon"), Read("RssFile"));
    }

    public string Output()
    {
        lock (_lines)
        {
            return string.Join("\n", _lines);
        }
    }

    /// <summary>SIGTERM, as a pod stop; SIGKILL if it has not exited within the timeout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            await (kill?.WaitForExitAsync() ?? Task.CompletedTask).ConfigureAwait(false);
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        var at = Stopwatch.GetTimestamp();
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => !w.Seen.Task.IsCompleted && w.Match(line)))
            {
                waiter.Seen.TrySetResult(at);
            }
        }
    }
}
