using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>A source that can take a bounded, repeatable sample of a table's keys and say which keys a table holds.</summary>
public interface IKeySource
{
    /// <summary>Up to <see cref="KeySampleRequest.Limit"/> distinct keys of the rows in scope, as text, the same ones each run
    /// over the same data.</summary>
    Task<KeyRead> SampleKeysAsync(KeySampleRequest request, CancellationToken cancellationToken);

    /// <summary>Which of the given keys the rows in scope hold.</summary>
    Task<KeyRead> FindKeysAsync(KeyLookupRequest request, CancellationToken cancellationToken);
}

/// <summary>Which keys to sample: a key column of a table, over a scope (filter and window), at most Limit of them.</summary>
/// <param name="TimeFormat">How the window's time attribute is stored, where the source has no timestamp type (DynamoDB).</param>
/// <param name="Check">The check asking, for labels and byte caps.</param>
public sealed record KeySampleRequest(string Table, string KeyColumn, RowScope Scope, TimeFormat? TimeFormat, int Limit, CheckDefinition Check);

/// <summary>Which keys to look for in a table, over a scope.</summary>
public sealed record KeyLookupRequest(string Table, string KeyColumn, RowScope Scope, TimeFormat? TimeFormat, IReadOnlyList<string> Keys, CheckDefinition Check);

/// <summary>Keys a source read, what reading them cost, and how it read them.</summary>
/// <param name="Requests">The statements or requests sent, as text.</param>
public sealed record KeyRead(IReadOnlyList<string> Keys, IReadOnlyList<string> Requests)
{
    public long? BytesBilled { get; init; }

    public IReadOnlyList<string> JobIds { get; init; } = [];

    public double? ReadUnits { get; init; }

    /// <summary>A word on how the keys were read ("the scan stopped after 100,000 items"), or null.</summary>
    public string? Note { get; init; }
}
