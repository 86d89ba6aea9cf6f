namespace CustomerData.Alerts.State;

/// <summary>How this process claims outbox messages in a store other processes share (PostgreSQL replicas, or a cron `run` beside `serve` on one SQLite file).</summary>
/// <param name="NodeId">Names this process in the claims; unique per process, so two dispatchers never share one.</param>
/// <param name="ClaimLease">How long a claim holds without news from its node; a dead node's messages go to another after it.</param>
public sealed record OutboxClaimOptions(string NodeId, TimeSpan ClaimLease)
{
    /// <summary>Long enough for a delivery pass between heartbeats, short enough that a crash delays alerts by a minute at most.</summary>
    public static readonly TimeSpan DefaultClaimLease = TimeSpan.FromMinutes(1);

    /// <summary>Host and process id for an operator reading the outbox, plus a random part: a pid repeats across containers.</summary>
    public static OutboxClaimOptions ForThisProcess() =>
        new($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}", DefaultClaimLease);
}
