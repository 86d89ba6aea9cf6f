using System.Diagnostics;
using System.Text.Json;

namespace CustomerData.Tests.Service;

/// <summary>A `serve` process of the real monitor executable, so a test can kill it as a crash would.</summary>
internal sealed class ServiceNode : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ServiceNode(Process process, string id)
    {
        _process = process;
        Id = id;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Id { get; }

    public bool Exited => _process.HasExited;

    public int Pid => _process.Id;

    public static ServiceNode Start(string id, string config, string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "CustomerData.Monitors.dll"), "serve", "--config", config, "--data-dir", dataDirectory, "--instance-id", id })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ServiceNode(Process.Start(start)!, id);
    }

    /// <summary>Structured log entries so far (the service logs one JSON object per line).</summary>
    public IReadOnlyList<JsonElement> Logs()
    {
        lock (_lines)
        {
            return [.. _lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        }
    }

    public string Output()
    {
        lock (_lines)
        {
            return string.Join("\n", _lines);
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>SIGTERM, as a supervisor or Kubernetes stops a pod.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to end; false when it is still running after the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown, no clean-up, as a crashed host or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}
