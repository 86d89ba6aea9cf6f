using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;

namespace CustomerData.Tests.BigQuery.Emulator;

/// <summary>
/// A BigQuery REST API v2 on loopback (HttpListener, free port) that runs queries on DuckDB over fixture tables:
/// jobs.query (dry runs with a byte estimate, the bytes-billed cap, required partition filters), getQueryResults
/// (scripted jobComplete:false answers, pages with pageToken), jobs.get, jobs.cancel, tables.get, and scripted errors.
/// </summary>
internal sealed partial class BigQueryEmulator : IAsyncDisposable
{
    private const long MiB = 1L << 20;
    private static readonly HashSet<string> RequestFields = ["kind", "query", "useLegacySql", "parameterMode", "queryParameters", "location", "dryRun", "maximumBytesBilled", "labels", "requestId", "jobCreationMode", "jobTimeoutMs", "timeoutMs", "maxResults", "formatOptions", "useQueryCache", "defaultDataset"];
    private readonly HttpListener _listener = new();
    private readonly DuckDBConnection _duck;
    private readonly Dictionary<string, EmulatedTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(EmulatorRoute Route, int Status, string Reason, string Message)> _faults = new();
    private readonly Task _loop;
    private int _sequence;

    public BigQueryEmulator(IEnumerable<string> init, string project = "test-project", string location = "EU")
    {
        Project = project;
        Location = location;
        _duck = new DuckDBConnection("Data Source=:memory:");
        _duck.Open();
        Execute("SET TimeZone = 'UTC'");
        Execute("CREATE MACRO bq_div(a, b) AS (a) // (b)");
        foreach (var statement in init)
        {
            Execute(statement);
        }

        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Project { get; }

    public string Location { get; }

    public Uri Endpoint { get; }

    /// <summary>jobComplete:false answers before a job's result (0: jobs.query answers at once, without a job when it can).</summary>
    public int PendingPolls { get; set; }

    /// <summary>Rows per page, when smaller than the request's maxResults.</summary>
    public int PageSize { get; set; } = 100_000;

    /// <summary>A statementType for dry runs to report instead of the real one.</summary>
    public string? StatementTypeOverride { get; set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IReadOnlyList<RecordedRequest> Queries => [.. Requests.Where(r => r.IsQuery)];

    public void Table(string table, EmulatedTable metadata) => _tables[table] = metadata;

    /// <summary>Answers the next request of a route with this error, <paramref name="times"/> times.</summary>
    public void Fail(EmulatorRoute route, int status, string reason, string message, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((route, status, reason, message));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
        {
        }

        await _duck.DisposeAsync();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var pathAndQuery = context.Request.Url!.PathAndQuery;
            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, pathAndQuery, body));
            int status;
            JsonObject answer;
            try
            {
                (status, answer) = (200, Route(context.Request.HttpMethod, context.Request.Url!, body));
            }
            catch (EmulatorException error)
            {
                (status, answer) = (error.Status, ErrorBody(error.Status, error.Reason, error.Message));
            }
            catch (Exception error)
            {
                // A bug in the emulator: a reason no client retries, so the test fails at once with the cause.
                (status, answer) = (500, ErrorBody(500, "emulatorFailure", error.GetType().Name + ": " + error.Message));
            }

            var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=UTF-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private JsonObject Route(string method, Uri url, string body)
    {
        var segments = url.AbsolutePath.Trim('/').Split('/');
        if (segments.Length < 4 || segments[0] != "bigquery" || segments[1] != "v2" || segments[2] != "projects")
        {
            throw new EmulatorException(404, "notFound", "Not found: " + url.AbsolutePath);
        }

        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        return (method, segments.Length, segments.ElementAtOrDefault(4)) switch
        {
            ("POST", 5, "queries") => JobsQuery(JsonNode.Parse(body)!.AsObject()),
            ("GET", 6, "queries") => GetQueryResults(segments[5], query),
            ("GET", 6, "jobs") => JobsGet(segments[5]),
            ("POST", 7, "jobs") => new JsonObject { ["job"] = new JsonObject { ["status"] = new JsonObject { ["state"] = "DONE" } } },
            ("GET", 8, "datasets") => TablesGet(segments[3], segments[5], segments[7]),
            _ => throw new EmulatorException(404, "notFound", "Not found: " + url.AbsolutePath),
        };
    }

    private void Fault(EmulatorRoute route)
    {
        if (_faults.TryPeek(out var fault) && fault.Route == route && _faults.TryDequeue(out fault))
        {
            throw new EmulatorException(fault.Status, fault.Reason, fault.Message);
        }
    }

    private JsonObject JobsQuery(JsonObject request)
    {
        var unknown = request.Select(p => p.Key).FirstOrDefault(k => !RequestFields.Contains(k));
        if (unknown is not null)
        {
            throw new EmulatorException(400, "invalid", $"Invalid JSON payload received. Unknown name \"{unknown}\": Cannot find field.");
        }

        var dryRun = request["dryRun"]?.GetValue<bool>() == true;
        Fault(dryRun ? EmulatorRoute.DryRun : EmulatorRoute.Query);
        if (request["useLegacySql"]?.GetValue<bool>() != false)
        {
            throw new EmulatorException(400, "invalidQuery", "useLegacySql defaults to true: this emulator runs GoogleSQL only");
        }

        if ((string?)request["location"] is { } location && location != Location)
        {
            throw new EmulatorException(404, "notFound", $"Not found: Dataset was not found in location {location}");
        }

        var sql = (string)request["query"]!;
        var statementType = StatementTypeOverride ?? EmulatorSql.StatementType(sql);
        if (dryRun && statementType != "SELECT")
        {
            // BigQuery dry-runs a script, DML or DDL without running it; so does the emulator (DuckDB would run it).
            return new JsonObject
            {
                ["kind"] = "bigquery#queryResponse",
                ["jobReference"] = new JsonObject { ["projectId"] = Project, ["location"] = Location },
                ["totalBytesProcessed"] = "0",
                ["jobComplete"] = true,
                ["statementType"] = statementType,
            };
        }

        var parameters = Parameters(request);
        var (duckSql, tables, partitionsDataset) = EmulatorSql.Translate(sql, Project, PartitionsQuery);
        var processed = partitionsDataset is not null ? 0 : EstimateBytes(sql, duckSql, tables, parameters);
        var billed = partitionsDataset is not null ? 10 * MiB : processed <= 0 ? 0 : Math.Max(10 * MiB, (processed + MiB - 1) / MiB * MiB);
        RequirePartitionFilter(sql, tables);
        var (schema, rows) = Run(duckSql, parameters);
        if (dryRun)
        {
            return new JsonObject
            {
                ["kind"] = "bigquery#queryResponse",
                ["jobReference"] = new JsonObject { ["projectId"] = Project, ["location"] = Location },
                ["totalBytesProcessed"] = processed.ToString(CultureInfo.InvariantCulture),
                ["jobComplete"] = true,
                ["cacheHit"] = false,
                ["statementType"] = statementType,
            };
        }

        if (request["maximumBytesBilled"] is { } capNode && long.Parse((string)capNode!, CultureInfo.InvariantCulture) < billed)
        {
            var cap = (string)capNode!;
            throw new EmulatorException(400, "bytesBilledLimitExceeded", $"Query exceeded limit for bytes billed: {cap}. {billed} or higher required.");
        }

        var int64 = request["formatOptions"]?["useInt64Timestamp"]?.GetValue<bool>() == true;
        var pageSize = Math.Min(PageSize, request["maxResults"]?.GetValue<int>() ?? int.MaxValue);
        var job = new Job("job_" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture), schema, rows, processed, billed, PendingPolls, int64, pageSize);
        var needsJob = PendingPolls > 0 || rows.Count > pageSize;
        if (needsJob)
        {
            _jobs[job.Id] = job;
        }

        if (job.PendingPolls > 0)
        {
            return new JsonObject { ["kind"] = "bigquery#queryResponse", ["jobReference"] = Reference(job), ["jobComplete"] = false };
        }

        var answer = Page(job, 0, "bigquery#queryResponse");
        answer["totalBytesBilled"] = billed.ToString(CultureInfo.InvariantCulture);
        if (needsJob)
        {
            answer["jobReference"] = Reference(job);
        }
        else
        {
            answer["queryId"] = "query_" + job.Id;
        }

        return answer;
    }

    private JsonObject GetQueryResults(string jobId, System.Collections.Specialized.NameValueCollection query)
    {
        Fault(EmulatorRoute.Results);
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            throw new EmulatorException(404, "notFound", $"Not found: Job {Project}:{Location}.{jobId}");
        }

        if (job.PendingPolls > 0)
        {
            job.PendingPolls--;
            return new JsonObject { ["kind"] = "bigquery#getQueryResultsResponse", ["jobReference"] = Reference(job), ["jobComplete"] = false };
        }

        var offset = query["pageToken"] is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var answer = Page(job, offset, "bigquery#getQueryResultsResponse");
        answer["jobReference"] = Reference(job);
        return answer;
    }

    private JsonObject JobsGet(string jobId) =>
        _jobs.TryGetValue(jobId, out var job)
            ? new JsonObject
            {
                ["jobReference"] = Reference(job),
                ["status"] = new JsonObject { ["state"] = "DONE" },
                ["statistics"] = new JsonObject { ["query"] = new JsonObject { ["totalBytesProcessed"] = job.Processed.ToString(CultureInfo.InvariantCulture), ["totalBytesBilled"] = job.Billed.ToString(CultureInfo.InvariantCulture) } },
            }
            : throw new EmulatorException(404, "notFound", $"Not found: Job {jobId}");

    private static JsonObject Page(Job job, int offset, string kind)
    {
        var rows = new JsonArray();
        foreach (var row in job.Rows.Skip(offset).Take(job.PageSize))
        {
            rows.Add(new JsonObject { ["f"] = new JsonArray([.. row.Select((value, i) => (JsonNode)new JsonObject { ["v"] = Cell(value, job.Schema[i].Type, job.Int64Timestamps) })]) });
        }

        var answer = new JsonObject
        {
            ["kind"] = kind,
            ["schema"] = new JsonObject { ["fields"] = new JsonArray([.. job.Schema.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["type"] = f.Type, ["mode"] = "NULLABLE" })]) },
            ["jobComplete"] = true,
            ["totalRows"] = job.Rows.Count.ToString(CultureInfo.InvariantCulture),
            ["rows"] = rows,
            ["totalBytesProcessed"] = job.Processed.ToString(CultureInfo.InvariantCulture),
            ["cacheHit"] = false,
        };
        if (offset + job.PageSize < job.Rows.Count)
        {
            answer["pageToken"] = (offset + job.PageSize).ToString(CultureInfo.InvariantCulture);
        }

        return answer;
    }

    private JsonObject TablesGet(string project, string dataset, string table)
    {
        Fault(EmulatorRoute.Tables);
        var name = dataset + "." + table;
        var columns = Columns(name);
        if (project != Project || columns.Count == 0)
        {
            throw new EmulatorException(404, "notFound", $"Not found: Table {project}:{name}");
        }

        var metadata = _tables.GetValueOrDefault(name) ?? new EmulatedTable();
        var answer = new JsonObject
        {
            ["kind"] = "bigquery#table",
            ["id"] = $"{project}:{name}",
            ["tableReference"] = new JsonObject { ["projectId"] = project, ["datasetId"] = dataset, ["tableId"] = table },
            ["schema"] = new JsonObject { ["fields"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type, ["mode"] = "NULLABLE" })]) },
            ["numRows"] = Scalar($"SELECT count(*) FROM {Quote(name)}").ToString(CultureInfo.InvariantCulture),
            ["creationTime"] = "1764000000000",
            ["lastModifiedTime"] = metadata.LastModified.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["type"] = metadata.Type,
            ["location"] = Location,
        };
        if (metadata.PartitionColumn is { } column)
        {
            answer["timePartitioning"] = new JsonObject { ["type"] = "DAY", ["field"] = column };
            answer["requirePartitionFilter"] = metadata.RequirePartitionFilter;
        }

        if (metadata.StreamingRows is { } streaming)
        {
            answer["streamingBuffer"] = new JsonObject
            {
                ["estimatedRows"] = streaming.ToString(CultureInfo.InvariantCulture),
                ["estimatedBytes"] = (streaming * 100).ToString(CultureInfo.InvariantCulture),
                ["oldestEntryTime"] = (metadata.StreamingOldest ?? metadata.LastModified).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            };
        }

        return answer;
    }

    private JsonObject Reference(Job job) => new() { ["projectId"] = Project, ["jobId"] = job.Id, ["location"] = Location };

    private static JsonObject ErrorBody(int status, string reason, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = status,
            ["message"] = message,
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason }),
            ["status"] = status switch { 400 => "INVALID_ARGUMENT", 403 => "PERMISSION_DENIED", 404 => "NOT_FOUND", _ => "INTERNAL" },
        },
    };

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A job the emulator keeps for getQueryResults and jobs.get.</summary>
    private sealed class Job(string id, IReadOnlyList<(string Name, string Type)> schema, IReadOnlyList<object?[]> rows, long processed, long billed, int pendingPolls, bool int64Timestamps, int pageSize)
    {
        public string Id { get; } = id;

        public IReadOnlyList<(string Name, string Type)> Schema { get; } = schema;

        public IReadOnlyList<object?[]> Rows { get; } = rows;

        public long Processed { get; } = processed;

        public long Billed { get; } = billed;

        public int PendingPolls { get; set; } = pendingPolls;

        public bool Int64Timestamps { get; } = int64Timestamps;

        public int PageSize { get; } = pageSize;
    }
}
