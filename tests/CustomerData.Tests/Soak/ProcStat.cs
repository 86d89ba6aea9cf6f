using System.Globalization;
using System.Runtime.InteropServices;

namespace CustomerData.Tests.Soak;

/// <summary>
/// A process as Linux's /proc shows it, independently of .NET's child reaping: its state ('Z' once it has exited
/// but is not reaped yet), its start time (to tell a recycled pid) and, for a zombie, its exit status. Signals go
/// through kill(2) directly, so sending one never depends on starting and reaping a `kill` child.
/// </summary>
internal static class ProcStat
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>State (R, S, D, T, Z...), start time in clock ticks since boot, and the exit status while a zombie.</summary>
    public readonly record struct Snapshot(char State, ulong StartTime, int? ExitCode);

    /// <summary>The process now, or null when no process has that pid any more (it was reaped).</summary>
    public static Snapshot? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields count from the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var startTime = ulong.Parse(fields[19], CultureInfo.InvariantCulture);
        // Field 52, exit_code, is the status in waitpid(2)'s form: exited with code c is c << 8, killed by signal s is s.
        int? exitCode = null;
        if (fields[0] == "Z" && fields.Length > 49 && int.TryParse(fields[49], CultureInfo.InvariantCulture, out var status))
        {
            exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
        }

        return new Snapshot(fields[0][0], startTime, exitCode);
    }

    /// <summary>What /proc says of a process, for a timeline: its state, threads, signal masks and where it waits.</summary>
    public static string Describe(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status")
                .Where(l => l.StartsWith("State:", StringComparison.Ordinal) || l.StartsWith("Threads:", StringComparison.Ordinal)
                    || l.StartsWith("Sig", StringComparison.Ordinal) || l.StartsWith("ShdPnd:", StringComparison.Ordinal))
                .Select(l => string.Join(' ', l.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)));
            var wchan = File.Exists($"/proc/{pid}/wchan") ? File.ReadAllText($"/proc/{pid}/wchan") : "";
            return $"pid {pid}: {string.Join("; ", status)}; wchan {(wchan.Length == 0 ? "-" : wchan)}";
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"pid {pid}: no such process ({error.GetType().Name})";
        }
    }

    /// <summary>Sends a signal; false when the process is gone.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, which this project does not allow.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
