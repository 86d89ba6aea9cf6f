using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CustomerData.Checks.Definitions;

/// <summary>Where results, alert state and the outbox are kept.</summary>
public sealed record StoreDefinition
{
    [Description("\"sqlite\" (default): state.db in --data-dir; \"postgres\": the database named by scheduler.connection_string_env (required for several replicas).")]
    public StoreType Type { get; init; } = StoreType.Sqlite;

    [Description("How long results are kept. Default: 90d.")]
    public Duration Retention { get; init; } = new(TimeSpan.FromDays(90));
}

/// <summary>The store's engine.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StoreType>))]
public enum StoreType
{
    [JsonStringEnumMemberName("sqlite")]
    Sqlite,

    [JsonStringEnumMemberName("postgres")]
    Postgres,
}
