using CustomerData.Checks.Sources.DuckDb;
using DuckDB.NET.Data;

namespace CustomerData.Tests.DuckDb;

/// <summary>Two sandboxed connections to one file in one process share its locked settings; the second still opens.</summary>
[TestClass]
public sealed class SharedFileSandboxTests
{
    [TestMethod]
    public async Task SecondConnectionToALockedFile_Opens_AndIsStillSandboxed()
    {
        var path = Path.Combine(Path.GetTempPath(), "customerdata-sandbox-" + Guid.NewGuid().ToString("N") + ".duckdb");
        try
        {
            await using (var create = new DuckDBConnection($"Data Source={path}"))
            {
                await create.OpenAsync();
                using var command = create.CreateCommand();
                command.CommandText = "CREATE TABLE t AS SELECT range AS id FROM range(3)";
                await command.ExecuteNonQueryAsync();
            }

            await using var first = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
            await first.OpenAsync();
            await DuckDbSandbox.ApplyAsync(first, CancellationToken.None);
            await using var second = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
            await second.OpenAsync();

            await DuckDbSandbox.ApplyAsync(second, CancellationToken.None);

            using var count = second.CreateCommand();
            count.CommandText = "SELECT count(*) FROM t";
            Assert.AreEqual(3L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
            using var read = second.CreateCommand();
            read.CommandText = "SELECT * FROM read_csv('/etc/passwd')";
            var refused = await Assert.ThrowsAsync<DuckDBException>(() => read.ExecuteScalarAsync());
            Assert.AreEqual(
                "Permission Error: Cannot access file \"/etc/passwd\" - file system operations are disabled by configuration", refused.Message.Split('\n')[0]);
            using var unlock = second.CreateCommand();
            unlock.CommandText = "SET lock_configuration = false";
            await Assert.ThrowsAsync<DuckDBException>(() => unlock.ExecuteNonQueryAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
