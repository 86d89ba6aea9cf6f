using System.Globalization;
using System.Text.Json;

namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>Where a job lives: getQueryResults, jobs.get and jobs.cancel address it by these.</summary>
internal sealed record JobReference(string ProjectId, string JobId, string? Location);

/// <summary>One answer of jobs.query or getQueryResults: done or not, the job, the schema, a page of rows, the cost.</summary>
internal sealed record QueryPage(
    bool JobComplete,
    JobReference? Job,
    string? QueryId,
    IReadOnlyList<SchemaField> Schema,
    IReadOnlyList<JsonElement> Rows,
    string? PageToken,
    long? BytesProcessed,
    long? BytesBilled,
    string? StatementType)
{
    public static QueryPage Read(JsonElement body) => new(
        body.TryGetProperty("jobComplete", out var complete) && complete.ValueKind == JsonValueKind.True,
        body.TryGetProperty("jobReference", out var job) && job.TryGetProperty("jobId", out var jobId)
            ? new JobReference(job.GetProperty("projectId").GetString()!, jobId.GetString()!, job.TryGetProperty("location", out var location) ? location.GetString() : null)
            : null,
        Text(body, "queryId"),
        SchemaField.ReadAll(body),
        body.TryGetProperty("rows", out var rows) ? [.. rows.EnumerateArray()] : [],
        Text(body, "pageToken"),
        Int64(body, "totalBytesProcessed"),
        Int64(body, "totalBytesBilled"),
        Text(body, "statementType"));

    public static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>int64 fields travel as strings; tolerate numbers too.</summary>
    public static long? Int64(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetInt64()
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;
}

/// <summary>A finished query: typed rows and what it cost, with the job (or, without a job, the query id) to look it up by.</summary>
internal sealed record QueryResult(IReadOnlyList<SchemaField> Schema, IReadOnlyList<object?[]> Rows, long? BytesProcessed, long? BytesBilled, string? JobId, string? QueryId)
{
    /// <summary>The id to quote in a result: the job id, or "query:&lt;id&gt;" when BigQuery ran it without creating a job.</summary>
    public string? Reference => JobId ?? (QueryId is null ? null : "query:" + QueryId);
}

/// <summary>What a dry run says: the bytes the query would read and what kind of statement it is.</summary>
internal sealed record DryRunResult(long BytesProcessed, string? StatementType, IReadOnlyList<SchemaField> Schema);
