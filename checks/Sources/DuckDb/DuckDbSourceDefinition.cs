using System.ComponentModel;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sources.DuckDb;

/// <summary>An embedded DuckDB database: a file opened read-only, or an in-memory one built by init statements.</summary>
public sealed record DuckDbSourceDefinition : SourceDefinition
{
    public const string InMemory = ":memory:";

    [Description("The database file, relative to checks.json, opened read-only; or \":memory:\" with \"init\" statements.")]
    public required string Path { get; init; }

    [Description("Statements run once when an in-memory database opens (create and load tables). Only with \":memory:\".")]
    public IReadOnlyList<string> Init { get; init; } = [];

    [Description("When true, the monitor (re)creates the demo customer-data warehouse at \"path\" when it is missing or older than an hour.")]
    public bool Demo { get; init; }
}
