using System.Diagnostics;

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
/// is kept with the instant it arrived, and when it was signalled, how and when it exited. Every wait is bounded, and
/// an exit is seen either from .NET (the Exited event, which needs the test host to reap the child on SIGCHLD) or
/// from /proc (the process turned zombie or is gone), so a lost exit notification shows as such instead of a hang.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly Process _process;
    private readonly TimeProvider _time;
    private readonly List<(DateTimeOffset At, string Line)> _lines = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ulong _startTime;
    private int? _procExitCode;

    private ServeProcess(int number, Process process, TimeProvider time)
    {
        Number = number;
        _process = process;
        _time = time;
        StartedAt = time.GetUtcNow();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => MarkExited(null);
        process.OutputDataReceived += (_, e) => Add(e.Data, _outputClosed);
        process.ErrorDataReceived += (_, e) => Add(e.Data, _errorClosed);
        process.Start();
        Pid = process.Id;
        _startTime = ProcStat.Read(Pid)?.StartTime ?? 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Number { get; }

    public int Pid { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? SignalledAt { get; private set; }

    public StopSignal Signal { get; private set; }

    public DateTimeOffset? ExitedAt { get; private set; }

    public bool Exited => _exited.Task.IsCompleted;

    /// <summary>The exit code; from /proc when the exit was seen there first.</summary>
    public int? ExitCode => !Exited ? null : _procExitCode ?? (_process.HasExited ? _process.ExitCode : null);

    /// <summary>Whether SIGTERM had to be followed by SIGKILL because the process did not exit in time.</summary>
    public bool StopTimedOut { get; private set; }

    /// <summary>Whether the exit was seen in /proc before .NET reported it (the test host did not reap the child in time).</summary>
    public bool ExitSeenByProcOnly { get; private set; }

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
        var deadline = _time.GetUtcNow() + limit;
        while (!Exited)
        {
            if (ExitedInProc())
            {
                // Give .NET's own notification a moment, so the exit code comes from it when it can.
                await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(1), _time));
                ExitSeenByProcOnly = !Exited;
                MarkExited(ProcStat.Read(Pid) is { State: 'Z' } zombie ? zombie.ExitCode : null);
                break;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.WhenAny(_exited.Task, Task.Delay(Poll, _time));
        }

        // The last lines still in the pipes (bounded: a pipe another process holds open never closes).
        await Task.WhenAny(Task.WhenAll(_outputClosed.Task, _errorClosed.Task), Task.Delay(TimeSpan.FromSeconds(2), _time));
        return true;
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
            ProcStat.Signal(Pid, ProcStat.SigTerm);
            if (await WaitForExitAsync(limit))
            {
                return;
            }

            StopTimedOut = true;
            Stuck = $"still running {limit.TotalSeconds:0} s after SIGTERM: {Describe()}";
        }

        ProcStat.Signal(Pid, ProcStat.SigKill);
        if (!await WaitForExitAsync(TimeSpan.FromSeconds(30)))
        {
            Stuck = $"still there 30 s after SIGKILL: {Describe()}";
        }
    }

    /// <summary>Why a stop took longer than its limit (what /proc showed then), or null.</summary>
    public string? Stuck { get; private set; }

    /// <summary>The process as /proc shows it, whether .NET saw it exit, and its last lines.</summary>
    public string Describe()
    {
        var last = string.Join("\n    ", Lines().TakeLast(12).Select(l => $"{l.At:HH:mm:ss.fff} {l.Line}"));
        return $"serve #{Number} {ProcStat.Describe(Pid)}; .NET saw it exit: {Exited && !ExitSeenByProcOnly}; last lines:\n    {last}";
    }

    public void Dispose()
    {
        if (!Exited && !ExitedInProc())
        {
            ProcStat.Signal(Pid, ProcStat.SigKill);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    /// <summary>Whether /proc shows this process exited: a zombie, gone, or its pid now names another process.</summary>
    private bool ExitedInProc() =>
        ProcStat.Read(Pid) is not { } now || now.State == 'Z' || now.StartTime != _startTime;

    private void MarkExited(int? procExitCode)
    {
        lock (_exited)
        {
            if (_exited.Task.IsCompleted)
            {
                return;
            }

            _procExitCode = procExitCode;
            ExitedAt = _time.GetUtcNow();
            _exited.TrySetResult();
        }
    }

    private void Add(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_lines)
        {
            _lines.Add((_time.GetUtcNow(), line));
        }
    }
}
