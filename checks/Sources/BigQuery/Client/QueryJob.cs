namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>A named query parameter; BigQuery takes every value as a string.</summary>
internal sealed record QueryParameter(string Name, string Type, string Value);

/// <summary>What to run: the statement, its parameters, and the guards every job carries.</summary>
/// <param name="Sql">GoogleSQL text with @name parameters.</param>
/// <param name="Parameters">Named parameters, in order.</param>
/// <param name="Labels">Job labels (app, check and the source's own).</param>
/// <param name="MaximumBytesBilled">The cap: a query that would bill more fails unbilled.</param>
/// <param name="JobTimeout">Sent as jobTimeoutMs so BigQuery stops a runaway query itself.</param>
internal sealed record QueryJob(
    string Sql,
    IReadOnlyList<QueryParameter> Parameters,
    IReadOnlyDictionary<string, string> Labels,
    long MaximumBytesBilled,
    TimeSpan JobTimeout);
