namespace CustomerData.Checks.Sources;

/// <summary>What a source needs from its surroundings: where relative paths start, and the clock.</summary>
/// <param name="BaseDirectory">The directory of checks.json; relative paths start here.</param>
/// <param name="Time">The clock.</param>
/// <param name="Progress">Where long work (creating the demo warehouse) reports what it is doing.</param>
public sealed record SourceEnvironment(string BaseDirectory, TimeProvider Time, IProgress<string>? Progress = null)
{
    /// <summary>defaults.timeout: how long a check that sets no timeout of its own may take, for sources that hand the
    /// warehouse a deadline too (PostgreSQL's statement_timeout); null outside a configuration (60s).</summary>
    public TimeSpan? DefaultCheckTimeout { get; init; }
}
