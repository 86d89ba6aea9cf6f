using System.Globalization;
using CustomerData.Checks.Sources.DuckDb;
using DuckDB.NET.Data;

namespace CustomerData.Tests.DuckDb;

/// <summary>The monitor's DuckDB connections hand freed memory back early (allocator_flush_threshold), and keep it locked.</summary>
[TestClass]
public sealed class DuckDbMemorySettingTests
{
    [TestMethod]
    public async Task SandboxedConnection_FlushesTheAllocatorAtTheMonitorsThreshold_NotDuckDbsDefault()
    {
        await using var plain = new DuckDBConnection("Data Source=:memory:");
        await plain.OpenAsync();
        await using var expected = new DuckDBConnection("Data Source=:memory:");
        await expected.OpenAsync();
        Execute(expected, $"SET allocator_flush_threshold = '{DuckDbSandbox.AllocatorFlushThreshold}'");
        await using var sandboxed = new DuckDBConnection("Data Source=:memory:");
        await sandboxed.OpenAsync();

        await DuckDbSandbox.ApplyAsync(sandboxed, CancellationToken.None);

        Assert.AreEqual(Read(expected), Read(sandboxed));
        Assert.AreNotEqual(Read(plain), Read(sandboxed), "DuckDB's default (128 MB) would keep freed memory");
        var change = Assert.Throws<DuckDBException>(() => Execute(sandboxed, "SET allocator_flush_threshold = '1GB'"));
        StringAssert.Contains(change.Message, "configuration has been locked", StringComparison.Ordinal);
    }

    private static string? Read(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('allocator_flush_threshold')::VARCHAR";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
