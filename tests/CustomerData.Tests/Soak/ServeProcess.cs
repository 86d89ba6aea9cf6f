using System.Diagnostics;
using System.Globalization;

namespace CustomerData.Tests.Soak;

/// <summary>How a serve process was stopped.</summary>
internal enum StopSignal
{
    None,
    Term,
    Kill,
}

/// <summary>
/// One `serve` process of the real executable, as the soak starts, signals and restarts it: every line it prints
/// is kept with the instant it arrived, and when it was signalled, how and when it exited.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly TimeProvider _time;
    private readonly List<(DateTimeOffset At, string Line)> _lines = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(int number, Process process, TimeProvider time)
    {
        Number = number;
        _process = process;
        _time = time;
        StartedAt = time.GetUtcNow();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            ExitedAt = _time.GetUtcNow();
            _exited.TrySetResult();
        };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Number { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? SignalledAt { get; private set; }

    public StopSignal Signal { get; private set; }

    public DateTimeOffset? ExitedAt { get; private set; }

    public bool Exited => _exited.Task.IsCompleted;

    public int? ExitCode => Exited ? _process.ExitCode : null;

    /// <summary>Whether SIGTERM had to be followed by SIGKILL because the process did not exit in time.</summary>
    public bool StopTimedOut { get; private set; }

    public static ServeProcess Start(
        int number, string config, string dataDirectory, IReadOnlyDictionary<string, string> environment, TimeProvider time)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(config)!,
        };
        var executable = Path.Combine(AppContext.BaseDirectory, "CustomerData.Monitors.dll");
        foreach (var argument in new[] { executable, "serve", "--config", config, "--data-dir", dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ServeProcess(number, new Process { StartInfo = start }, time);
    }

    public IReadOnlyList<(DateTimeOffset At, string Line)> Lines()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    /// <summary>Waits for the process to exit by itself; false if it is still running after the limit.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _exited.Task.WaitAsync(timeout.Token);
            await _process.WaitForExitAsync(CancellationToken.None);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM (as a pod stop) waiting up to the limit, then SIGKILL; or SIGKILL at once (a crash, an OOM kill).</summary>
    public async Task StopAsync(StopSignal signal, TimeSpan limit)
    {
        if (Exited)
        {
            return;
        }

        SignalledAt = _time.GetUtcNow();
        Signal = signal;
        if (signal == StopSignal.Term)
        {
            var term = new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false };
            using (var kill = Process.Start(term))
            {
                await kill!.WaitForExitAsync();
            }

            if (await WaitForExitAsync(limit))
            {
                return;
            }

            StopTimedOut = true;
        }

        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add((_time.GetUtcNow(), line));
            }
        }
    }
}
