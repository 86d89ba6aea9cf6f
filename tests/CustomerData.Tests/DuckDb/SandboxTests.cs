using System.Text.Json;
using CustomerData.Checks.Demo;
using CustomerData.Checks.Engine;
using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DuckDb;

/// <summary>Issue 10 item 3: DuckDB runs with external access off, init included, and the demo never overwrites a foreign file.</summary>
[TestClass]
public sealed class SandboxTests
{
    private static string Source(string path, params string[] init) =>
        $"\"mem\": {{ \"type\": \"duckdb\", \"path\": {JsonSerializer.Serialize(path)}, \"init\": {JsonSerializer.Serialize(init)} }}";

    private static async Task<CheckResult> RunOneAsync(string sources, string table, string directory)
    {
        var config = Configs.Valid($$"""
            { "sources": { {{sources}} },
              "checks": [ { "name": "v", "type": "volume", "source": "{{sources[1..sources.IndexOf('"', 1)]}}", "table": "{{table}}", "critical": { "min": 1 } } ] }
            """);
        return (await Runs.RunAsync(config, new FakeTimeProvider(OrdersTable.Now), directory)).Single();
    }

    [TestMethod]
    public async Task Init_ThatAttachesTheWarehouseAndDeletes_IsRefused_AndTheFileIsUntouched()
    {
        using var warehouse = await SecretWarehouse.CreateAsync();
        var before = warehouse.Hash();

        var result = await RunOneAsync(
            Source(":memory:", $"ATTACH '{warehouse.Path}' AS w", "DELETE FROM w.shop.orders", "CREATE TABLE t AS SELECT 1 AS a"),
            "t",
            warehouse.Directory);

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual($"cannot open source \"mem\": DuckDBException: Permission Error: Cannot access file \"{warehouse.Path}\" - file system operations are disabled by configuration", result.Message);
        Assert.AreEqual(before, warehouse.Hash());
        Assert.AreEqual(SecretWarehouse.Orders.Rows.Count, Convert.ToInt32(await DemoFixture.ScalarAsync(warehouse.Path, "SELECT count(*) FROM shop.orders"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public async Task Init_ThatReadsAFile_FailsWithTheSandboxError()
    {
        using var warehouse = await SecretWarehouse.CreateAsync();

        var result = await RunOneAsync(Source(":memory:", "CREATE TABLE t AS SELECT * FROM read_csv('/etc/passwd')"), "t", warehouse.Directory);

        Assert.AreEqual("cannot open source \"mem\": DuckDBException: Permission Error: Cannot access file \"/etc/passwd\" - file system operations are disabled by configuration", result.Message);
    }

    [TestMethod]
    [DataRow("SET enable_external_access = true")]
    [DataRow("SET lock_configuration = false")]
    [DataRow("RESET enable_external_access")]
    public async Task Init_CannotTurnTheSandboxOff(string statement)
    {
        using var warehouse = await SecretWarehouse.CreateAsync();

        var result = await RunOneAsync(Source(":memory:", statement, "CREATE TABLE t AS SELECT 1 AS a"), "t", warehouse.Directory);

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        StringAssert.Contains(result.Message, "the configuration has been locked");
    }

    [TestMethod]
    public async Task AViewInTheWarehouseThatReadsAFile_FailsAtRunTimeWithTheSandboxError()
    {
        using var warehouse = await SecretWarehouse.CreateAsync();
        await using (var connection = new DuckDBConnection($"Data Source={warehouse.Path}"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE VIEW shop.leak AS SELECT * FROM read_csv('{warehouse.SecretPath}', header = false)";
            await command.ExecuteNonQueryAsync();
        }

        var result = await RunOneAsync($"\"wh\": {{ \"type\": \"duckdb\", \"path\": \"warehouse.duckdb\" }}", "shop.leak", warehouse.Directory);

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual($"DuckDBException: Permission Error: Cannot access file \"{warehouse.SecretPath}\" - file system operations are disabled by configuration", result.Message);
        Assert.DoesNotContain(warehouse.Secret, result.Message);
    }

    [TestMethod]
    public async Task Demo_OverAForeignDuckDbFile_IsRefused_AndTheFileIsByteIdentical()
    {
        using var warehouse = await SecretWarehouse.CreateAsync();
        var before = warehouse.Hash();

        var result = await RunOneAsync("\"demo\": { \"type\": \"duckdb\", \"path\": \"warehouse.duckdb\", \"demo\": true }", "shop.orders", warehouse.Directory);

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual($"cannot open source \"demo\": DemoFileRefusedException: {warehouse.Path} is a DuckDB database the monitor did not make (it has no _customerdata_demo table): the demo warehouse is never written over it; move the file or point \"path\" elsewhere", result.Message);
        Assert.AreEqual(before, warehouse.Hash());
    }

    [TestMethod]
    public async Task Demo_OverAFileThatIsNotDuckDb_IsRefused_AndTheFileIsByteIdentical()
    {
        using var warehouse = await SecretWarehouse.CreateAsync();
        var before = await File.ReadAllBytesAsync(warehouse.KeyPath);

        var result = await RunOneAsync("\"demo\": { \"type\": \"duckdb\", \"path\": \"key.json\", \"demo\": true }", "shop.orders", warehouse.Directory);

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.StartsWith($"cannot open source \"demo\": DemoFileRefusedException: {warehouse.KeyPath} exists and is not a DuckDB database this monitor can read (", result.Message);
        Assert.EndsWith("): the demo warehouse is never written over it; move the file or point \"path\" elsewhere", result.Message);
        Assert.DoesNotContain(warehouse.Secret, result.Message);
        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(warehouse.KeyPath));
        Assert.IsFalse(Directory.EnumerateFiles(warehouse.Directory, "*.tmp").Any(), "no temporary file is left");
    }

    [TestMethod]
    public async Task DemoCommand_OverAForeignFile_ExitsTwoWithOneLine_AndLeavesItAlone()
    {
        using var warehouse = await SecretWarehouse.CreateAsync();
        var before = warehouse.Hash();

        var outcome = await CliRunner.RunAsync("demo", "--path", warehouse.Path);

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.EndsWith(outcome.Error, $"error: {warehouse.Path} is a DuckDB database the monitor did not make (it has no _customerdata_demo table): the demo warehouse is never written over it; move the file or point \"path\" elsewhere\n");
        Assert.AreEqual(before, warehouse.Hash());
    }

    [TestMethod]
    public async Task TheDemoWarehouse_CarriesItsMarker_AndIsRecognisedAsTheMonitorsOwn()
    {
        var path = await DemoFixture.PathAsync();

        Assert.AreEqual(2, Convert.ToInt32(await DemoFixture.ScalarAsync("SELECT version FROM _customerdata_demo"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(DemoFixture.Anchor, await DemoMarker.ReadAnchorAsync(path, CancellationToken.None));
        Assert.IsNull(await DemoMarker.ReadAnchorAsync(path + ".absent", CancellationToken.None));
    }
}
