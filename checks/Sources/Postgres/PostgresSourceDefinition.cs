using System.ComponentModel;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sources.Postgres;

/// <summary>A PostgreSQL database read in read-only transactions; its connection string stays in the environment.</summary>
public sealed record PostgresSourceDefinition : SourceDefinition
{
    [Description("The NAME of the environment variable holding the connection string (Host=...;Port=...;Database=...;Username=...;Password=...), such as \"CUSTOMERDATA_PG_WAREHOUSE\"; the string itself is a secret and never written here.")]
    public required string ConnectionStringEnv { get; init; }
}
