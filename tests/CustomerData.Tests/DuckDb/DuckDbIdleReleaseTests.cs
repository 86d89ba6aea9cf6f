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

    private static void Write(string path, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
