using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

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

    /// <summary>Opens the source; opening is cheap, connecting happens on first use.</summary>
    IDataSource Create(SourceDefinition source, SourceEnvironment environment);
}
