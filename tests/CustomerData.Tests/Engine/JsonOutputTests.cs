using System.Text;
using System.Text.Json;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Engine;

/// <summary>run --format json: one line per shared statement, then one line per check with its own query and the statement's id.</summary>
[TestClass]
public sealed class JsonOutputTests
{
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task TwoThousandChecksOnOneTable_OutputStaysProportional_TheSharedStatementPrintedOnce()
    {
        // Distinct filters, so the shared statement holds 2,000 aggregates (five statements of 400).
        var checks = string.Join(",\n", Enumerable.Range(0, 2000).Select(i =>
            $$"""{ "name": "rows_{{i}}", "type": "volume", "source": "mem", "table": "t", "filter": "id >= {{i}}", "critical": { "min": 0 } }"""));
        var config = CliRunner.WriteConfig($$"""
            {
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT range AS id FROM range(5000)"] } },
              "checks": [ {{checks}} ]
            }
            """);

        var outcome = await CliRunner.RunAsync("run", "--config", config, "--format", "json", "--no-alerts");

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        var bytes = Encoding.UTF8.GetByteCount(outcome.Out);
        Assert.IsLessThan(2000 * 5 * 1024, bytes);
        var lines = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.HasCount(2001, lines);
        var statement = lines[0];
        CollectionAssert.AreEqual(new[] { "statement_id", "statement" }, statement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual("s1", statement.GetProperty("statement_id").GetString());
        StringAssert.Contains(statement.GetProperty("statement").GetString(), "AS m1999");
        Assert.AreEqual(1, CountOf(outcome.Out, "AS m1999"), "the shared statement appears once in the output");
        for (var i = 0; i < 2000; i++)
        {
            var line = lines[i + 1];
            Assert.AreEqual($"rows_{i}", line.GetProperty("check").GetString());
            Assert.AreEqual("s1", line.GetProperty("statement_id").GetString());
            Assert.AreEqual(5000.0 - i, line.GetProperty("value").GetDouble());
            Assert.AreEqual($"SELECT\n  CAST(count_if((id >= {i})) AS BIGINT) AS m0\nFROM \"t\";", line.GetProperty("query").GetString());
        }
    }

    [TestMethod]
    public async Task ResultLine_HasEveryDocumentedField()
    {
        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--check", "orders_freshness", "--format", "json", "--no-alerts");

        var lines = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.HasCount(2, lines);
        CollectionAssert.AreEqual(
            new[]
            {
                "check", "status", "value", "value_unit", "observed", "expected", "expected_low", "expected_high", "message", "type", "source", "table", "duration_ms", "measured_at",
                "query", "statement_id", "bytes_processed", "bytes_billed", "job_ids", "read_units", "notes", "sample",
            },
            lines[1].EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual(lines[0].GetProperty("statement_id").GetString(), lines[1].GetProperty("statement_id").GetString());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
