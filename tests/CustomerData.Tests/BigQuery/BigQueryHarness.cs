using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.BigQuery;
using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Checks.Sources.DuckDb;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

/// <summary>A clock stopped at one instant whose timers still run, so retry backoffs really wait (briefly).</summary>
internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Configurations and runs against the loopback emulator, with retries shortened to milliseconds.</summary>
internal static class BigQueryHarness
{
    private static int _requestIds;

    public static BigQueryTuning Fast { get; } = new()
    {
        RetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        NewRequestId = () => "request-" + Interlocked.Increment(ref _requestIds).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Catalog Catalog { get; } = new(Catalog.Default.CheckKinds, [new DuckDbSourceKind(), new BigQuerySourceKind(_ => null, Fast)]);

    /// <summary>A configuration whose source "bq" is the emulator, plus any extra source options and checks.</summary>
    public static MonitorConfig Config(BigQueryEmulator emulator, string checksJson, string sourceOptions = "", string defaultsJson = "{}") =>
        Configs.Valid(Json(emulator, checksJson, sourceOptions, defaultsJson));

    public static string Json(BigQueryEmulator emulator, string checksJson, string sourceOptions = "", string defaultsJson = "{}") => $$"""
        {
          "defaults": {{defaultsJson}},
          "sources": { "bq": { "type": "bigquery", "project": "{{emulator.Project}}", "location": "{{emulator.Location}}", "endpoint": "{{emulator.Endpoint}}"{{sourceOptions}} } },
          "checks": {{checksJson}}
        }
        """;

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(MonitorConfig config, DateTimeOffset now)
    {
        var time = new StoppedClock(now);
        await using var sources = DataSources.Open(config, Catalog, new SourceEnvironment(".", time));
        return await new CheckEngine(Catalog, sources, time).RunAsync(config, config.Checks, CancellationToken.None);
    }

    /// <summary>A client straight at the emulator, for tests of the wire format below the source.</summary>
    public static BigQueryClient Client(BigQueryEmulator emulator, BigQueryTuning? tuning = null) =>
        new(Http, emulator.Endpoint, emulator.Project, emulator.Location, NoAccessTokens.Instance, tuning ?? Fast, TimeProvider.System);

    private static HttpClient Http { get; } = new();
}
