using System.Diagnostics.CodeAnalysis;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>A type of source: its definition record and how to open it.</summary>
public interface ISourceKind
{
    /// <summary>The value of "type" in checks.json.</summary>
    string TypeName { get; }

    /// <summary>The record its definitions deserialize into.</summary>
    Type DefinitionType { get; }

    /// <summary>Problems its JSON shape cannot express.</summary>
    IEnumerable<ConfigProblem> Validate(SourceDefinition source, string path);

    /// <summary>Problems of a check on this source that only the source knows about (a mode it lacks, a table name it cannot hold).</summary>
    IEnumerable<ConfigProblem> ValidateCheck(CheckDefinition check, SourceDefinition source, string path);

    /// <summary>
    /// Whether sources of this type can compute the measure; when not, the check field that asks for it and why. The
    /// loader refuses such a check at that field and the planner makes it UNKNOWN, so no source switches on check kinds.
    /// </summary>
    bool Supports(Measure measure, [NotNullWhen(false)] out Unsupported? reason);

    /// <summary>
    /// Whether sources of this type can read the target: a table always; a query (a sql check's) only where the source
    /// runs SQL and proves the query is one allowed SELECT. When not, the check field and why; asked before
    /// <see cref="Supports"/> by the loader and the planner.
    /// </summary>
    bool Reads(Target target, [NotNullWhen(false)] out Unsupported? reason)
    {
        reason = target is TableTarget ? null : new Unsupported("query", $"{TypeName} sources run no SQL query", "a sql check needs a SQL source, such as duckdb or bigquery");
        return reason is null;
    }

    /// <summary>The typed hints this source type reads from a check's inputs (null: none); the planner attaches them to
    /// every measure of the check, so the shared records carry no source's options.</summary>
    SourceOptions? OptionsFor(CheckDefinition check) => null;

    /// <summary>Whether its sources fetch failed-row samples (<see cref="ISampleSource"/>); a check listing sample_columns
    /// on a source that cannot is refused at its sample_columns.</summary>
    bool SupportsSamples => false;

    /// <summary>Opens the source; opening is cheap, connecting happens on first use.</summary>
    IDataSource Create(SourceDefinition source, SourceEnvironment environment);
}
