using System.Security.Cryptography;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;

namespace CustomerData.Tests.DuckDb;

/// <summary>
/// A DuckDB warehouse file (shop.orders, with truth in <see cref="Orders"/>) next to two secret files, one plain text
/// and one JSON key file: hostile SQL run against the warehouse must never show their content anywhere.
/// </summary>
internal sealed class SecretWarehouse : IDisposable
{
    private SecretWarehouse(string directory)
    {
        Directory = directory;
    }

    public static OrdersTable Orders { get; } = new(600, seed: 7);

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, "warehouse.duckdb");

    public string SecretPath => System.IO.Path.Combine(Directory, "secret.txt");

    public string KeyPath => System.IO.Path.Combine(Directory, "key.json");

    /// <summary>The content of both files; no result, message or exception may hold it.</summary>
    public string Secret { get; } = "TOPSECRET" + Guid.NewGuid().ToString("N");

    public static async Task<SecretWarehouse> CreateAsync()
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "customerdata-secret-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var warehouse = new SecretWarehouse(directory);
        await File.WriteAllTextAsync(warehouse.SecretPath, warehouse.Secret + "\n");
        await File.WriteAllTextAsync(warehouse.KeyPath, $"{{\"private_key\": \"{warehouse.Secret}\"}}\n");
        await using (var connection = new DuckDBConnection($"Data Source={warehouse.Path}"))
        {
            await connection.OpenAsync();
            foreach (var statement in Orders.Init())
            {
                await ExecuteAsync(connection, statement);
            }

            await ExecuteAsync(connection, "CHECKPOINT");
        }

        return warehouse;
    }

    /// <summary>The files' placeholders {SECRET} and {KEY} replaced by their paths.</summary>
    public string Expand(string text) => text.Replace("{SECRET}", SecretPath, StringComparison.Ordinal).Replace("{KEY}", KeyPath, StringComparison.Ordinal);

    public string Hash() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path)));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
