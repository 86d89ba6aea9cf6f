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

    /// <summary>Opens the source; opening is cheap, connecting happens on first use.</summary>
    IDataSource Create(SourceDefinition source, SourceEnvironment environment);
}
