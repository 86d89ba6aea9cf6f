using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Engine;

/// <summary>A table a check reads, as a definition its source validates, and the JSON path that table is written at.</summary>
/// <param name="Check">The check itself, or a view of one of its sides (its source, table, time column and format, filter).</param>
public sealed record TableRead(CheckDefinition Check, string Path);
