using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>Failed-row samples: one more capped, labelled job per failing check that lists sample_columns.</summary>
internal sealed partial class BigQuerySource : ISampleSource
{
    public string DescribeSample(SampleRequest request) =>
        _filters.Check(request.Predicates()) is { } refusal ? "-- not run, " + refusal : _literalBuilder.BuildSample(request).Describe();

    /// <summary>One more capped, labelled job: the check's own bytes-billed cap, and a dry run first when it holds user SQL.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string?>>> SampleAsync(SampleRequest request, CheckDefinition check, CancellationToken cancellationToken)
    {
        _filters.EnsureProven(request);
        var statement = _builder.BuildSample(request);
        var job = new QueryJob(
            statement.Text, [.. statement.Parameters.Select(ToParameter)], JobLabels.For(_definition.Labels, [check.Name]), Cap([check]), _definition.Timeout.Value);
        if (request.Predicates().Any())
        {
            await EnsureSelectAsync(job, "with its filter the failed-row sample", cancellationToken).ConfigureAwait(false);
        }

        var outcome = await QueryGatedAsync(job, cancellationToken).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            throw new BigQueryException(await ReasonAsync(error, job, cancellationToken).ConfigureAwait(false));
        }

        return [.. outcome.Value!.Rows.Take(request.Limit).Select(row => (IReadOnlyList<string?>)[.. row.Select(cell => cell is null ? null : Convert.ToString(cell, CultureInfo.InvariantCulture))])];
    }
}
