using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerData.Checks.Engine;
using CustomerData.Tests.Cli;
using CustomerData.Tests.Kinds;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

/// <summary>Failed-row samples: fetched after judging, only for failures that ask, of named columns, personal data never read.</summary>
[TestClass]
public sealed class FailedRowSampleTests
{
    private static readonly PaymentsTable Payments = new(2_000, seed: 17);
    private static readonly Regex Email = new("^[^@ ]+@[^@ ]+$");

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(string checks) =>
        await Runs.RunAsync(Configs.InMemory(Payments.Init(), checks), new FakeTimeProvider(PaymentsTable.Now));

    [TestMethod]
    public async Task FailingValidity_FetchesItsInvalidRows_AndNeverReadsAPiiColumn()
    {
        var result = (await RunAsync("""
            [{ "name": "email_format", "type": "validity", "source": "mem", "table": "shop.payments", "column": "email", "pattern": "^[^@ ]+@[^@ ]+$",
               "filter": "country = 'FR'", "critical": { "max": 0 }, "sample_columns": ["id", "email", "status"], "pii_columns": ["email"], "sample_size": 3 }]
            """)).Single();

        var truth = Payments.Rows.Where(r => r.Country == "FR" && r.Email is not null && !Email.IsMatch(r.Email))
            .OrderBy(r => r.Id).ThenBy(r => r.Status ?? "\uffff", StringComparer.Ordinal).Take(3).ToList();
        Assert.AreEqual(CheckStatus.Critical, result.Status);
        CollectionAssert.AreEqual(new[] { "id", "email", "status" }, result.Sample!.Columns.ToArray());
        CollectionAssert.AreEqual(new[] { "email" }, result.Sample.PiiColumns.ToArray());
        CollectionAssert.AreEqual(
            truth.Select(r => $"{r.Id}|(null)|{r.Status ?? "(null)"}").ToList(),
            result.Sample.Rows.Select(r => string.Join('|', r.Select(v => v ?? "(null)"))).ToList());
        Assert.AreEqual(
            "SELECT CAST(\"id\" AS VARCHAR), CAST(\"status\" AS VARCHAR)\nFROM \"shop\".\"payments\"\n"
            + "WHERE (country = 'FR') AND \"email\" IS NOT NULL AND NOT regexp_matches(CAST(\"email\" AS VARCHAR), '^[^@ ]+@[^@ ]+$')\n"
            + "ORDER BY \"id\", \"status\"\nLIMIT 3;",
            result.Sample.Query,
            "the personal column is tested in WHERE but never selected");
    }

    [TestMethod]
    public async Task NullRate_SamplesTheRowsWhereTheColumnIsNull_PassingChecksFetchNothing()
    {
        var results = await RunAsync("""
            [{ "name": "email_nulls", "type": "null_rate", "source": "mem", "table": "shop.payments", "column": "email", "warn": { "max": 0.001 }, "sample_columns": ["id"] },
             { "name": "status_nulls", "type": "null_rate", "source": "mem", "table": "shop.payments", "column": "status", "critical": { "max": 0.9 }, "sample_columns": ["id"] }]
            """);

        var truth = Payments.Rows.Where(r => r.Email is null).Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList();
        Assert.AreEqual(CheckStatus.Warning, results.Single("email_nulls").Status);
        CollectionAssert.AreEqual(
            Payments.Rows.Where(r => r.Email is null).Select(r => r.Id).Order().Take(5).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            results.Single("email_nulls").Sample!.Rows.Select(r => r[0]).ToList());
        Assert.IsNotEmpty(truth);
        Assert.AreEqual(CheckStatus.Ok, results.Single("status_nulls").Status);
        Assert.IsNull(results.Single("status_nulls").Sample);
    }

    [TestMethod]
    public async Task SampleThatCannotBeFetched_KeepsTheVerdict_AndSaysWhy()
    {
        var result = (await RunAsync("""
            [{ "name": "ids_unique", "type": "uniqueness", "source": "mem", "table": "shop.payments", "columns": ["id"], "critical": { "max": 0 }, "sample_columns": ["id", "no_such_column"] }]
            """)).Single();

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.IsEmpty(result.Sample!.Rows);
        StringAssert.StartsWith(result.Sample.Error, "the sample could not be fetched: DuckDBException: Binder Error: Referenced column \"no_such_column\" not found");
    }

    [TestMethod]
    public async Task RunJsonAndHistory_CarryTheSample_WithPiiAsNull()
    {
        var config = CliRunner.WriteConfig($$"""
            {
              "notifications": { "slack": { "webhooks": { "#alerts": "console" } } },
              "defaults": { "notify": { "slack": "#alerts" } },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": {{JsonSerializer.Serialize(Payments.Init())}} } },
              "checks": [{ "name": "ids_unique", "type": "uniqueness", "source": "mem", "table": "shop.payments", "columns": ["id"], "critical": { "max": 0 },
                           "sample_columns": ["id", "email"], "pii_columns": ["email"], "sample_size": 2 }]
            }
            """);
        var data = CliRunner.NewDataDirectory();

        var run = await CliRunner.RunWithAsync(new Dictionary<string, string>(), PaymentsTable.Now, "run", "--config", config, "--format", "json", "--data-dir", data);
        var history = await CliRunner.RunWithAsync(new Dictionary<string, string>(), PaymentsTable.Now, "history", "--config", config, "--check", "ids_unique", "--format", "json", "--data-dir", data);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        var repeated = Payments.Rows.GroupBy(r => r.Id).Where(g => g.Count() > 1).SelectMany(g => g).OrderBy(r => r.Id).Take(2)
            .Select(r => new string?[] { r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null }).ToList();
        var expected = JsonSerializer.Serialize(new { columns = new[] { "id", "email" }, pii_columns = new[] { "email" }, rows = repeated });
        var line = JsonDocument.Parse(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last()).RootElement.GetProperty("sample");
        Assert.AreEqual(expected[..^1], JsonSerializer.Serialize(new { columns = line.GetProperty("columns"), pii_columns = line.GetProperty("pii_columns"), rows = line.GetProperty("rows") })[..^1]);
        StringAssert.StartsWith(line.GetProperty("query").GetString(), "SELECT CAST(\"id\" AS VARCHAR)\nFROM (");
        var stored = JsonDocument.Parse(history.Out.Trim()).RootElement.GetProperty("sample");
        Assert.AreEqual(line.GetRawText(), stored.GetRawText(), "the history keeps the sample as the run wrote it");
        Assert.DoesNotContain("@example.com", run.Out + history.Out, "no email reached the output or the history");
    }
}
