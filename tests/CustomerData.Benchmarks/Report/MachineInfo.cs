using System.Runtime.InteropServices;
using DuckDB.NET.Data;

namespace CustomerData.Benchmarks.Report;

/// <summary>What the numbers were measured on, read from the running machine.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Memory, string Os, string Runtime, string DuckDb)
{
    public static async Task<MachineInfo> ReadAsync(CancellationToken cancellationToken)
    {
        var cpu = ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ProcLine("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var kb)
            ? Stats.Number(kb / 1024.0 / 1024.0, 1) + " GiB"
            : "unknown";
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? $"Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}" : RuntimeInformation.OSDescription;
        var os = OsRelease() is { } pretty ? $"{pretty}, {kernel}" : kernel;
        return new MachineInfo(cpu, Environment.ProcessorCount, memory, os, $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})", await DuckDbVersionAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The 1, 5 and 15 minute load averages: the machine is shared, so the report says how busy it was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ProcLine(string file, string key) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;

    private static string? OsRelease() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").Where(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)).Select(l => l["PRETTY_NAME=".Length..].Trim('"')).FirstOrDefault()
            : null;

    private static async Task<string> DuckDbVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version()";
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
    }
}
