using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.DuckDb;
using CustomerData.Checks.Sources.DynamoDb;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DynamoDb;

/// <summary>Runs checks on a "dyn" source pointing at dynalite, with every request on a <see cref="WireLog"/>.</summary>
internal sealed record DynamoDbRun(IReadOnlyList<CheckResult> Results, WireLog Wire, double SourceUnits, int Retries)
{
    public static async Task<DynamoDbRun> RunAsync(string checksJson, double budget = 1_000_000, WireLog? wire = null, string sourceExtra = "")
    {
        var dynalite = await ProfilesTable.ReadyAsync();
        wire ??= new WireLog();
        var config = Configs.Valid($$"""
            {
              "sources": { "dyn": { "type": "dynamodb", "region": "{{Dynalite.Region}}", "endpoint": "{{dynalite.Endpoint}}", "max_read_units_per_second": {{budget}} {{sourceExtra}} } },
              "checks": {{checksJson}}
            }
            """);
        var catalog = new Catalog(Catalog.Default.CheckKinds, [new DuckDbSourceKind(), new DynamoDbSourceKind(new TestClients(wire))]);

        // The checks' clock is fixed; the budget and backoff wait on the real one.
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(".", TimeProvider.System));
        var results = await new CheckEngine(catalog, sources, new FakeTimeProvider(ProfilesTable.Now)).RunAsync(config, config.Checks, CancellationToken.None);
        var source = (DynamoDbSource)sources["dyn"];
        return new DynamoDbRun(results, wire, source.Budget.Consumed, source.Retry.Retries);
    }

    public CheckResult this[string name] => Results.Single(r => r.Check.Name == name);

    /// <summary>Scan requests that started a segment (no ExclusiveStartKey): a table read once has one per segment.</summary>
    public int ScanStarts => Wire.Of("Scan").Count(c => c.Status == 200 && !c.Request.TryGetProperty("ExclusiveStartKey", out _));

    /// <summary>Items DynamoDB read over every Scan page.</summary>
    public long ItemsScanned => Wire.Of("Scan").Sum(c => c.Scanned ?? 0);
}
