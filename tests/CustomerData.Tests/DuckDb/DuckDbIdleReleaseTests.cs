using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DuckDb;

/// <summary>
/// Between fires `serve` lets a DuckDB source close its database file (DuckDB keeps the blocks it scanned while the
/// database is open); the next measurement reopens it. An in-memory database, whose tables live in the connection, stays.
/// </summary>
[TestClass]
public sealed class DuckDbIdleReleaseTests
{
    private const string Volume = """[ { "name": "rows", "type": "volume", "source": "SOURCE", "table": "t", "critical": { "min": 1 } } ]""";

    [TestMethod]
    public async Task AReleasedFile_IsClosed_SoAWriterCanOpenIt_AndTheNextRunReopensItAndSeesTheNewRows()
    {
        var directory = Directory.CreateTempSubdirectory("customerdata-idle-");
        try
        {
            var path = Path.Combine(directory.FullName, "w.duckdb");
            Write(path, "CREATE TABLE t AS SELECT range AS id FROM range(10)");
            var config = Configs.Valid($$"""
                { "sources": { "file": { "type": "duckdb", "path": "{{path}}" } }, "checks": {{Volume.Replace("SOURCE", "file")}} }
                """);
            var time = new FakeTimeProvider(OrdersTable.Now);
            await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(directory.FullName, time), maxConcurrentPerSource: 2);
            var engine = new CheckEngine(Catalog.Default, sources, time);

            var before = await engine.RunAsync(config, config.Checks, CancellationToken.None);
            Assert.ThrowsExactly<DuckDBException>(() => Write(path, "INSERT INTO t SELECT 99"), "the monitor's read-only connection holds the file");

            await sources.ReleaseIdleAsync(CancellationToken.None);
            Write(path, "INSERT INTO t SELECT range FROM range(5)");
            var after = await engine.RunAsync(config, config.Checks, CancellationToken.None);

            Assert.AreEqual((10.0, 15.0), (before.Single().Value, after.Single().Value));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task AnInMemoryDatabase_IsKept_ItsTablesLiveInTheConnection()
    {
        // A table of a random size: built again, it would (all but surely) have another.
        var config = Configs.InMemory(["CREATE TABLE t AS SELECT range AS id FROM range(1 + CAST(random() * 1000000 AS BIGINT))"], Volume.Replace("SOURCE", "mem"));
        var time = new FakeTimeProvider(OrdersTable.Now);
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", time));
        var engine = new CheckEngine(Catalog.Default, sources, time);
        var before = await engine.RunAsync(config, config.Checks, CancellationToken.None);

        await sources.ReleaseIdleAsync(CancellationToken.None);
        var after = await engine.RunAsync(config, config.Checks, CancellationToken.None);

        Assert.AreEqual(before.Single().Value, after.Single().Value);
    }

    [TestMethod]
    public async Task TheDemoWarehouse_IsKept_ANewConnectionWouldBuildItAgainForTheNewHour()
    {
        var directory = Directory.CreateTempSubdirectory("customerdata-idle-demo-");
        try
        {
            // A copy of its own: other tests read the shared demo file at the same time.
            var path = Path.Combine(directory.FullName, "demo.duckdb");
            File.Copy(await DemoFixture.PathAsync(), path);
            var config = Configs.Valid($$"""
                { "sources": { "demo": { "type": "duckdb", "path": "{{path}}", "demo": true } },
                  "checks": [ { "name": "rows", "type": "volume", "source": "demo", "table": "sales.orders", "critical": { "min": 1 } } ] }
                """);
            var time = new FakeTimeProvider(DemoFixture.Now);
            await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(directory.FullName, time));
            var result = (await new CheckEngine(Catalog.Default, sources, time).RunAsync(config, config.Checks, CancellationToken.None)).Single();
            Assert.AreEqual(CheckStatus.Ok, result.Status, result.Message);
            Assert.ThrowsExactly<DuckDBException>(() => Write(path, "CREATE TABLE probe AS SELECT 1 AS x"), "while the monitor holds the file, a writer cannot open it");

            await sources.ReleaseIdleAsync(CancellationToken.None);

            Assert.ThrowsExactly<DuckDBException>(() => Write(path, "CREATE TABLE probe AS SELECT 1 AS x"), "the monitor's connection still holds the demo file");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void Write(string path, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
