using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CustomerData.Checks.Definitions;

/// <summary>How `serve` schedules checks: in memory on one node, or clustered across replicas on PostgreSQL.</summary>
public sealed record SchedulerDefinition
{
    [Description("\"memory\" (default): one process schedules everything; \"cluster\": replicas share the work through Quartz's clustered job store on PostgreSQL.")]
    public SchedulerMode Mode { get; init; } = SchedulerMode.Memory;

    [Description("The NAME of the environment variable holding the PostgreSQL connection string (cluster mode, and the postgres store).")]
    public string? ConnectionStringEnv { get; init; }

    [Description("The cluster's name: every replica of one deployment uses the same. Default: customer-data-monitor.")]
    public string InstanceName { get; init; } = "customer-data-monitor";

    [Description("How often a cluster node checks in; a node silent for longer is considered dead and its work taken over. Default: 10s.")]
    [MaximumDuration("24h")]
    public Duration CheckinInterval { get; init; } = new(TimeSpan.FromSeconds(10));

    [Description("Schedule groups that may run at once in one process. Default: 4.")]
    public int MaxConcurrency { get; init; } = 4;

    [Description("Queries that may run at once against one source. Default: 2.")]
    public int MaxConcurrentPerSource { get; init; } = 2;

    [Description("Run every schedule once when the service starts. Default: false.")]
    public bool RunAtStartup { get; init; }

    [Description("On shutdown, how long running checks may finish before they are cancelled. Default: 30s.")]
    [MaximumDuration("24h")]
    public Duration ShutdownGrace { get; init; } = new(TimeSpan.FromSeconds(30));
}

/// <summary>Where scheduling state lives.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SchedulerMode>))]
public enum SchedulerMode
{
    [JsonStringEnumMemberName("memory")]
    Memory,

    [JsonStringEnumMemberName("cluster")]
    Cluster,
}
