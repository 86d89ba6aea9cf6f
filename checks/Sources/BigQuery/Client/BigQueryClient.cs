using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Polly.Timeout;

namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>
/// The BigQuery REST API v2 over one long-lived HttpClient: jobs.query (polled while jobComplete is false, paged with
/// pageToken), dry runs, tables.get, jobs.get and jobs.cancel. Failures come back as values, never as exceptions.
/// </summary>
internal sealed class BigQueryClient(HttpClient http, Uri root, string project, string? location, IAccessTokenSource tokens, BigQueryTuning tuning, TimeProvider time)
{
    private readonly RetryPipelines _retry = new(tuning, time);
    private readonly Polly.ResiliencePipeline<BigQueryOutcome<QueryResult>> _jobRetry = RetryPipelines.Job<QueryResult>(tuning, time);

    /// <summary>Runs a query to the end and reads every row; a transiently failed job is run again under a new requestId.</summary>
    public async Task<BigQueryOutcome<QueryResult>> QueryAsync(QueryJob job, CancellationToken cancellationToken) =>
        await _jobRetry.ExecuteAsync(async token => await RunOnceAsync(job, tuning.NewRequestId(), token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<BigQueryOutcome<DryRunResult>> DryRunAsync(QueryJob job, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, Api($"projects/{Escape(project)}/queries"), QueryRequestJson.DryRun(job, location), cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            return error;
        }

        var page = QueryPage.Read(answer.Body);
        return BigQueryOutcome<DryRunResult>.Ok(new DryRunResult(page.BytesProcessed ?? 0, page.StatementType, page.Schema));
    }

    public async Task<BigQueryOutcome<TableMetadata>> GetTableAsync(string tableProject, string dataset, string table, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, Api($"projects/{Escape(tableProject)}/datasets/{Escape(dataset)}/tables/{Escape(table)}"), null, cancellationToken).ConfigureAwait(false);
        return answer.Error is { } error ? error : BigQueryOutcome<TableMetadata>.Ok(TableMetadata.Read(answer.Body));
    }

    private async Task<BigQueryOutcome<QueryResult>> RunOnceAsync(QueryJob job, string requestId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, Api($"projects/{Escape(project)}/queries"), QueryRequestJson.Run(job, location, requestId, tuning), cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            return error;
        }

        var page = QueryPage.Read(answer.Body);
        var first = page;
        try
        {
            while (!page.JobComplete)
            {
                if (page.Job is null)
                {
                    return new BigQueryError(0, "incomplete", "the query is not complete and BigQuery named no job to wait for");
                }

                var polled = await ResultsAsync(page.Job, null, cancellationToken).ConfigureAwait(false);
                if (polled.Error is { } pollError)
                {
                    return pollError;
                }

                page = polled.Value! with { Job = polled.Value!.Job ?? page.Job };
            }

            var schema = page.Schema;
            var rows = new List<object?[]>(page.Rows.Select(row => CellDecoder.DecodeRow(row, schema, int64Timestamps: true)));
            var processed = page.BytesProcessed ?? first.BytesProcessed;
            var billed = page.BytesBilled ?? first.BytesBilled;
            var jobRef = page.Job ?? first.Job;
            for (var token = page.PageToken; token is not null;)
            {
                if (jobRef is null)
                {
                    return new BigQueryError(0, "incomplete", "BigQuery returned a page token but no job to read the next page from");
                }

                var next = await ResultsAsync(jobRef, token, cancellationToken).ConfigureAwait(false);
                if (next.Error is { } pageError)
                {
                    return pageError;
                }

                rows.AddRange(next.Value!.Rows.Select(row => CellDecoder.DecodeRow(row, schema, int64Timestamps: true)));
                token = next.Value.PageToken;
            }

            if (billed is null && jobRef is not null)
            {
                // getQueryResults does not report bytes billed; the job's statistics do.
                billed = await BytesBilledAsync(jobRef, cancellationToken).ConfigureAwait(false);
            }

            return BigQueryOutcome<QueryResult>.Ok(new QueryResult(schema, rows, processed, billed, jobRef?.JobId, page.QueryId ?? first.QueryId));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && (page.Job ?? first.Job) is { } running)
        {
            // Cancelling here only stops the waiting; stop the job too, so it bills no further.
            await CancelJobAsync(running).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<BigQueryOutcome<QueryPage>> ResultsAsync(JobReference job, string? pageToken, CancellationToken cancellationToken)
    {
        var query = new List<string> { "maxResults=" + tuning.PageSize.ToString(CultureInfo.InvariantCulture), "timeoutMs=" + ((long)tuning.PollTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "formatOptions.useInt64Timestamp=true" };
        if ((job.Location ?? location) is { } where)
        {
            query.Insert(0, "location=" + Uri.EscapeDataString(where));
        }

        if (pageToken is not null)
        {
            query.Add("pageToken=" + Uri.EscapeDataString(pageToken));
        }

        var answer = await SendAsync(HttpMethod.Get, Api($"projects/{Escape(job.ProjectId)}/queries/{Escape(job.JobId)}?{string.Join('&', query)}"), null, cancellationToken).ConfigureAwait(false);
        return answer.Error is { } error ? error : BigQueryOutcome<QueryPage>.Ok(QueryPage.Read(answer.Body));
    }

    private async Task<long?> BytesBilledAsync(JobReference job, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, Api($"projects/{Escape(job.ProjectId)}/jobs/{Escape(job.JobId)}{LocationQuery(job)}"), null, cancellationToken).ConfigureAwait(false);
        return answer.Error is null && answer.Body.TryGetProperty("statistics", out var statistics) && statistics.TryGetProperty("query", out var query)
            ? QueryPage.Int64(query, "totalBytesBilled")
            : null;
    }

    /// <summary>Best effort, bounded: a failure to cancel must not hide why the query was abandoned.</summary>
    private async Task CancelJobAsync(JobReference job)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var request = await RequestAsync(HttpMethod.Post, Api($"projects/{Escape(job.ProjectId)}/jobs/{Escape(job.JobId)}/cancel{LocationQuery(job)}"), null, bounded.Token).ConfigureAwait(false);
            using var response = await http.SendAsync(request, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException or CredentialException)
        {
        }
    }

    private async Task<HttpAnswer> SendAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.Request.ExecuteAsync(async token => await SendOnceAsync(method, uri, body, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            return new HttpAnswer(default, new BigQueryError(0, "network", $"cannot reach {root.Host}: {error.Message}"));
        }
        catch (TimeoutRejectedException)
        {
            return new HttpAnswer(default, new BigQueryError(0, "timeout", $"no answer from {root.Host} within {Definitions.Duration.Format(tuning.AttemptTimeout)}, {tuning.MaxRetries + 1} times"));
        }
        catch (CredentialException error)
        {
            return new HttpAnswer(default, new BigQueryError(0, "credentials", error.Message));
        }
    }

    private async Task<HttpAnswer> SendOnceAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(method, uri, body, cancellationToken).ConfigureAwait(false);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement json = default;
        try
        {
            json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: keep the status, a little of the text says whose page it was.
        }

        if (response.IsSuccessStatusCode && json.ValueKind == JsonValueKind.Object)
        {
            return new HttpAnswer(json, null);
        }

        return new HttpAnswer(default, ErrorOf((int)response.StatusCode, json, text));
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
        }

        if (await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    // {"error":{"code":403,"message":"...","errors":[{"reason":"rateLimitExceeded","message":"..."}]}}
    private static BigQueryError ErrorOf(int status, JsonElement json, string text)
    {
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var first = error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0 ? errors[0] : default;
            var reason = (first.ValueKind == JsonValueKind.Object ? QueryPage.Text(first, "reason") : null) ?? QueryPage.Text(error, "status") ?? "http" + status;
            var message = QueryPage.Text(error, "message") ?? (first.ValueKind == JsonValueKind.Object ? QueryPage.Text(first, "message") : null) ?? string.Empty;
            return new BigQueryError(status, reason, message);
        }

        var excerpt = text.Length > 200 ? text[..200] + "…" : text;
        return new BigQueryError(status, "http" + status, excerpt.ReplaceLineEndings(" ").Trim());
    }

    private string LocationQuery(JobReference job) => (job.Location ?? location) is { } where ? "?location=" + Uri.EscapeDataString(where) : string.Empty;

    private Uri Api(string relative) => new(root, "bigquery/v2/" + relative);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
