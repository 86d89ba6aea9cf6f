namespace CustomerData.Alerts.State;

/// <summary>How this process claims outbox messages in a store other processes share (PostgreSQL replicas, or a cron `run` beside `serve` on one SQLite file).</summary>
/// <param name="NodeId">Names this process in the claims; unique per process, so two dispatchers never share one.</param>
/// <param name="ClaimLease">How long a claim holds without news from its node; a dead node's messages go to another after it.</param>
public sealed record OutboxClaimOptions(string NodeId, TimeSpan ClaimLease)
{
    /// <summary>Long enough for a delivery pass between heartbeats, short enough that a crash delays alerts by a minute at most.</summary>
    public static readonly TimeSpan DefaultClaimLease = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether a claim's node names a process of this host that no longer runs (a killed process's claims can be let go
    /// at once). Anything else (another host, a running pid, a name this process did not write) is not known to be dead.
    /// </summary>
    public static bool IsDeadLocalProcess(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        var parts = nodeId.Split('/');
        if (parts.Length != 3 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            // This process: another dispatcher of ours (tests) or our own claim; never dead.
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Host and process id for an operator reading the outbox, plus a random part: a pid repeats across containers.</summary>
    public static OutboxClaimOptions ForThisProcess() =>
        new($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}", DefaultClaimLease);
}
