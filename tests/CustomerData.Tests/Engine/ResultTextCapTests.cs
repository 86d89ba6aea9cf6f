using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

/// <summary>Error text becomes a result's message capped at 2 KB where the result is made, before anything stores or sends it.</summary>
[TestClass]
public sealed partial class ResultTextCapTests
{
    [TestMethod]
    public void Message_UnderTheCap_IsUntouched() =>
        Assert.AreEqual(new string('x', 2048), TextCap.Message(new string('x', 2048)));

    [TestMethod]
    public void Message_OverTheCap_KeepsTheHeadWithinTwoKilobytes_NeverSplittingACharacter()
    {
        // "é" is two bytes and "😀" four (a surrogate pair): the cut lands on whole characters.
        var text = string.Concat(Enumerable.Repeat("é😀a", 1000));

        var capped = TextCap.Message(text);

        var marker = Marker().Match(capped);
        Assert.IsTrue(marker.Success, capped[^40..]);
        var kept = capped[..marker.Index];
        Assert.AreEqual(text.Length, kept.Length + int.Parse(marker.Groups[1].Value, CultureInfo.InvariantCulture));
        StringAssert.StartsWith(text, kept);
        Assert.IsFalse(char.IsHighSurrogate(kept[^1]), "a surrogate pair was split");
        Assert.IsTrue(Encoding.UTF8.GetByteCount(capped) is > 2040 and <= 2048, Encoding.UTF8.GetByteCount(capped).ToString(CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public async Task DatabaseErrorQuotingTenKilobytesOfData_BecomesAMessageOfAtMostTwoKilobytes()
    {
        // DuckDB quotes the value it could not convert: the whole 10,000-character cell, on one line.
        string[] init = ["CREATE TABLE t AS SELECT repeat('x', 10000) AS big FROM range(3)"];
        var config = Configs.InMemory(init, """
            [
              { "name": "bad_cast", "type": "volume", "source": "mem", "table": "t", "filter": "CAST(big AS INTEGER) > 0", "critical": { "min": 1 } },
              { "name": "rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } }
            ]
            """);
        var full = "DuckDBException: " + await ErrorOfAsync(init[0], "SELECT count_if(CAST(big AS INTEGER) > 0) FROM t");

        var results = await Runs.RunAsync(config, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 30, 0, TimeSpan.Zero)));

        Assert.IsGreaterThan(10_000, full.Length);
        var message = results[0].Message;
        var marker = Marker().Match(message);
        Assert.IsTrue(marker.Success, message);
        Assert.AreEqual(full.Length, marker.Index + int.Parse(marker.Groups[1].Value, CultureInfo.InvariantCulture));
        StringAssert.StartsWith(full, message[..marker.Index]);
        Assert.IsLessThanOrEqualTo(2048, Encoding.UTF8.GetByteCount(message));
        Assert.AreEqual(3.0, results[1].Value, "the neighbour still reports");
    }

    private static async Task<string> ErrorOfAsync(string init, string sql)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        using var create = connection.CreateCommand();
        create.CommandText = init;
        await create.ExecuteNonQueryAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var error = await Assert.ThrowsAsync<DuckDBException>(() => command.ExecuteScalarAsync());
        return error.Message.Split('\n')[0].TrimEnd();
    }

    [GeneratedRegex("… \\[cut ([0-9]+) characters\\]$")]
    private static partial Regex Marker();
}
