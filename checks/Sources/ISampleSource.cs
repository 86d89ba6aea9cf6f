using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>A source that can fetch a failing check's offending rows in one statement (DuckDB, BigQuery).</summary>
public interface ISampleSource
{
    /// <summary>The statement <see cref="SampleAsync"/> runs, with values written as literals (plan, results).</summary>
    string DescribeSample(SampleRequest request);

    /// <summary>Up to <see cref="SampleRequest.Limit"/> rows, each value as text (NULL as null), columns in request order;
    /// under the check's own guards (BigQuery's bytes-billed cap and labels).</summary>
    Task<IReadOnlyList<IReadOnlyList<string?>>> SampleAsync(SampleRequest request, CheckDefinition check, CancellationToken cancellationToken);
}
