using System.Text.Json;
using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DuckDb;

/// <summary>
/// Two sources on one DuckDB file in one process (serve's old and new configuration during a reload, two commands in
/// one test host) share DuckDB's database instance: the second must open under the sandbox the first locked.
/// </summary>
/// <remarks>That the second connection is still refused file access is SharedFileSandboxTests'.</remarks>
[TestClass]
public sealed class SharedFileTests
{
    [TestMethod]
    public async Task TwoSourcesOnOneFile_OpenAtOnce_BothMeasure()
    {
        using var warehouse = await SecretWarehouse.CreateAsync();
        var config = Configs.Valid($$"""
            { "sources": { "w": { "type": "duckdb", "path": {{JsonSerializer.Serialize(warehouse.Path)}} } },
              "checks": [ { "name": "v", "type": "volume", "source": "w", "table": "shop.orders", "critical": { "min": 1 } } ] }
            """);
        var time = new FakeTimeProvider(OrdersTable.Now);

        await using var first = DataSources.Open(config, Catalog.Default, new SourceEnvironment(warehouse.Directory, time));
        await first["w"].OpenAsync(CancellationToken.None);
        await using var second = DataSources.Open(config, Catalog.Default, new SourceEnvironment(warehouse.Directory, time));
        await second["w"].OpenAsync(CancellationToken.None);
        var results = await Task.WhenAll(
            new CheckEngine(Catalog.Default, first, time).RunAsync(config, config.Checks, CancellationToken.None),
            new CheckEngine(Catalog.Default, second, time).RunAsync(config, config.Checks, CancellationToken.None));

        foreach (var result in results.SelectMany(r => r))
        {
            Assert.AreEqual(CheckStatus.Ok, result.Status, result.Message);
            Assert.AreEqual(SecretWarehouse.Orders.Rows.Count, (int)result.Value!.Value);
        }
    }
}
