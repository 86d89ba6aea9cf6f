using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>Writes the jobs.query request body (https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/query), fields in a fixed order.</summary>
internal static class QueryRequestJson
{
    // Relaxed escaping keeps quotes in SQL readable ('FR', not \u0027FR\u0027); the body is never embedded in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A real run: NAMED parameters, never legacy SQL, the cap, labels, a requestId, and optional job creation.</summary>
    public static byte[] Run(QueryJob job, string? location, string requestId, BigQueryTuning tuning) =>
        Write(job, location, writer =>
        {
            writer.WriteString("maximumBytesBilled", job.MaximumBytesBilled.ToString(CultureInfo.InvariantCulture));
            writer.WriteStartObject("labels");
            foreach (var (key, value) in job.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteString("requestId", requestId);
            writer.WriteString("jobCreationMode", "JOB_CREATION_OPTIONAL");
            writer.WriteString("jobTimeoutMs", ((long)job.JobTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            writer.WriteNumber("timeoutMs", (long)tuning.PollTimeout.TotalMilliseconds);
            writer.WriteNumber("maxResults", tuning.PageSize);
            writer.WriteStartObject("formatOptions");
            writer.WriteBoolean("useInt64Timestamp", true);
            writer.WriteEndObject();
        });

    /// <summary>A dry run: no job, nothing billed; BigQuery validates the statement and estimates the bytes.</summary>
    public static byte[] DryRun(QueryJob job, string? location) =>
        Write(job, location, writer => writer.WriteBoolean("dryRun", true));

    private static byte[] Write(QueryJob job, string? location, Action<Utf8JsonWriter> rest)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("query", job.Sql);
            writer.WriteBoolean("useLegacySql", false);
            writer.WriteString("parameterMode", "NAMED");
            writer.WriteStartArray("queryParameters");
            foreach (var parameter in job.Parameters)
            {
                writer.WriteStartObject();
                writer.WriteString("name", parameter.Name);
                writer.WriteStartObject("parameterType");
                writer.WriteString("type", parameter.Type);
                writer.WriteEndObject();
                writer.WriteStartObject("parameterValue");
                writer.WriteString("value", parameter.Value);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (location is not null)
            {
                writer.WriteString("location", location);
            }

            rest(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
