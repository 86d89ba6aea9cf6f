using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace CustomerData.Tests.Soak;

/// <summary>
/// The soak's DuckDB warehouse: one table, events(ts, v), with rows spread second by second over the soak. The
/// rows per second and the share of NULL v follow random regimes of 2 to 10 seconds, so the checks' trailing
/// windows see OK, WARNING, CRITICAL and too few rows (UNKNOWN) as the schedule slots pass; from the end of the
/// chaos phase on, the data is calm, so the final run is clean. The monitor opens the file read-only and keeps it
/// open, so the harness rewrites it (renamed into place) only while no serve runs, with a new draw.
/// </summary>
internal static class SoakWarehouse
{
    public const string FileName = "warehouse.duckdb";

    private static readonly (int Min, int Max)[] RowsPerSecond = [(7, 9), (3, 4), (0, 2), (13, 17)];
    private static readonly double[] RowsWeights = [0.45, 0.2, 0.15, 0.2];
    private static readonly double[] NullShares = [0.02, 0.2, 0.45];
    private static readonly double[] NullWeights = [0.55, 0.25, 0.2];

    public static async Task WriteAsync(string directory, Random random, DateTimeOffset from, DateTimeOffset calmFrom, DateTimeOffset until)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = Path.Combine(directory, "warehouse.next.duckdb");
        File.Delete(temporary);
        await using (var connection = new DuckDBConnection($"Data Source={temporary}"))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE events (ts TIMESTAMP, v INTEGER)");
            foreach (var chunk in Rows(random, from, calmFrom, until).Chunk(1000))
            {
                var values = new StringBuilder("INSERT INTO events VALUES ");
                values.AppendJoin(", ", chunk.Select(r => string.Create(CultureInfo.InvariantCulture,
                    $"(TIMESTAMP '{r.At:yyyy-MM-dd HH:mm:ss.ffffff}', {(r.Value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "NULL")})")));
                await ExecuteAsync(connection, values.ToString());
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static IEnumerable<(DateTime At, int? Value)> Rows(Random random, DateTimeOffset from, DateTimeOffset calmFrom, DateTimeOffset until)
    {
        var second = from.UtcDateTime.AddTicks(-(from.UtcTicks % TimeSpan.TicksPerSecond));
        var (rows, rowsLeft) = (RowsPerSecond[0], 0);
        var (nulls, nullsLeft) = (NullShares[0], 0);
        for (; second < until.UtcDateTime; second = second.AddSeconds(1))
        {
            var calm = second >= calmFrom.UtcDateTime;
            if (--rowsLeft <= 0)
            {
                (rows, rowsLeft) = (RowsPerSecond[Pick(random, RowsWeights)], random.Next(2, 11));
            }

            if (--nullsLeft <= 0)
            {
                (nulls, nullsLeft) = (NullShares[Pick(random, NullWeights)], random.Next(2, 11));
            }

            var count = calm ? 8 : random.Next(rows.Min, rows.Max + 1);
            for (var i = 0; i < count; i++)
            {
                int? value = !calm && random.NextDouble() < nulls ? null : random.Next(1000);
                yield return (second.AddMilliseconds(random.Next(1000)), value);
            }
        }
    }

    private static int Pick(Random random, double[] weights)
    {
        var roll = random.NextDouble();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
