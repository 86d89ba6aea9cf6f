using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;

namespace CustomerData.Checks.Engine;

/// <summary>
/// After judging: a failing check (WARNING or CRITICAL) that lists sample_columns fetches its offending rows in one more
/// statement, under its own timeout. A sample that cannot be fetched leaves the verdict as it was and says why on the
/// result (<see cref="RowSample.Error"/>), so it is never silently missing.
/// </summary>
internal sealed class FailedRowSampler(DataSources sources, TimeProvider time, Func<CheckDefinition, TimeSpan> timeoutOf)
{
    /// <summary>Whether a judged result may get a sample: it failed, and its definition lists sample columns.</summary>
    public static bool Wants(CheckResult result) =>
        result.Status is CheckStatus.Warning or CheckStatus.Critical && result.Check is SampledCheckDefinition { SampleColumns.Count: > 0 };

    public async Task<CheckResult> SampleAsync(CheckResult result, PlannedCheck planned, CancellationToken cancellationToken)
    {
        var check = (SampledCheckDefinition)result.Check;
        RowSample Failed(string? query, string reason) => new(check.SampleColumns, check.PiiColumns, [], query, reason);
        Sql.SampleRequest? request;
        ISampleSource? sampler;
        string query;
        try
        {
            request = planned.Kind.Sample(check, planned.Context);
            sampler = request is null ? null : SamplerOf(sources[check.Source]);
            query = request is null || sampler is null ? string.Empty : TextCap.Query(sampler.DescribeSample(request));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return result with { Sample = Failed(null, "the sample cannot be planned: " + CheckResults.Describe(error)) };
        }

        if (request is null)
        {
            return result;
        }

        if (sampler is null)
        {
            return result with { Sample = Failed(null, $"{check.Source} fetches no failed-row samples") };
        }

        var timeout = timeoutOf(check);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var rows = await sampler.SampleAsync(request, check, linked.Token).ConfigureAwait(false);
            return result with { Sample = new RowSample(check.SampleColumns, check.PiiColumns, [.. rows.Select(row => Expand(check, request.Columns, row))], query) };
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            var reason = cancellationToken.IsCancellationRequested ? "cancelled at shutdown before the sample was fetched"
                : deadline.IsCancellationRequested ? $"the sample timed out after {Duration.Format(timeout)}"
                : "the sample could not be fetched: " + CheckResults.Describe(error);
            return result with { Sample = Failed(query, reason) };
        }
    }

    // A limited source (serve) wraps the real one: only a source that can sample is asked to.
    private static ISampleSource? SamplerOf(IDataSource source) =>
        source is LimitedDataSource limited ? (limited.Inner is ISampleSource ? limited : null) : source as ISampleSource;

    // Values in sample_columns order; personal data was never read and stays null.
    private static IReadOnlyList<string?> Expand(SampledCheckDefinition check, IReadOnlyList<string> read, IReadOnlyList<string?> row) =>
        [.. check.SampleColumns.Select(column => read.ToList().IndexOf(column) is var at and >= 0 && at < row.Count ? RowSample.Cap(row[at]) : null)];
}
