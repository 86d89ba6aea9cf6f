using System.ComponentModel;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>A Google BigQuery project read over the REST API v2; every job carries a bytes-billed cap and labels.</summary>
public sealed record BigQuerySourceDefinition : SourceDefinition
{
    public const string DefaultMaximumBytesBilled = "10GB";

    [Description("The Google Cloud project that runs (and pays for) the queries, such as \"acme-analytics\".")]
    public required string Project { get; init; }

    [Description("The project that holds the tables when it is not \"project\" (such as \"bigquery-public-data\"). Default: project.")]
    public string? DataProject { get; init; }

    [Description("Where the datasets live, such as \"EU\", \"US\" or \"europe-west1\"; jobs run there.")]
    public string? Location { get; init; }

    [Description("The NAME of an environment variable holding the path of a service-account key file, such as \"CUSTOMERDATA_BIGQUERY_KEY_FILE\". Without it, Application Default Credentials.")]
    public string? KeyFileEnv { get; init; }

    [Description("The most bytes one query may bill, such as \"10GB\" or \"500MiB\"; a query that would bill more fails unbilled and its checks are UNKNOWN. Checks may override it. Default: 10GB.")]
    public string MaximumBytesBilled { get; init; } = DefaultMaximumBytesBilled;

    [Description("Labels added to every job, for billing reports (lowercase letters, digits, _ and -); the monitor sets \"app\" and \"check\" itself.")]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    [Description("The longest one query may run: sent as jobTimeoutMs, so BigQuery stops it too. Default: 10m.")]
    [MaximumDuration("24h")]
    public Duration Timeout { get; init; } = new(TimeSpan.FromMinutes(10));

    [Description("At most this many queries of this source run at once. Default: 4.")]
    public int MaxConcurrentQueries { get; init; } = 4;

    [Description("The API root for an emulator, such as \"http://127.0.0.1:9050\" (BIGQUERY_EMULATOR_HOST sets it too). Plain http never carries credentials. Default: https://bigquery.googleapis.com.")]
    public string? Endpoint { get; init; }
}
