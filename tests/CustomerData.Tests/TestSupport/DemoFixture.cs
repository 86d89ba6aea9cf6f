using CustomerData.Checks.Demo;
using DuckDB.NET.Data;

namespace CustomerData.Tests.TestSupport;

/// <summary>One demo warehouse per test run, built for a fixed anchor so every expected value is known.</summary>
internal static class DemoFixture
{
    public static readonly DateTimeOffset Anchor = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Twenty minutes into the anchor's hour: the demo source keeps the file as it is.</summary>
    public static readonly DateTimeOffset Now = Anchor.AddMinutes(20);

    private static readonly Lazy<Task<string>> Created = new(CreateAsync);

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "customerdata-tests-" + Environment.ProcessId);

    public static Task<string> PathAsync() => Created.Value;

    public static async Task<object?> ScalarAsync(string sql) => await ScalarAsync(await PathAsync(), sql);

    public static async Task<double> DoubleAsync(string sql) =>
        Convert.ToDouble(await ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> CreateAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, "demo.duckdb");
        await DemoWarehouse.CreateAsync(path, Anchor, CancellationToken.None);
        return path;
    }
}

[TestClass]
public static class DemoFixtureCleanup
{
    [AssemblyCleanup]
    public static void DeleteDemoWarehouse()
    {
        if (Directory.Exists(DemoFixture.Directory))
        {
            Directory.Delete(DemoFixture.Directory, recursive: true);
        }
    }
}
