using System.Text.Json;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources.DuckDb;
using CustomerData.Checks.Sql;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DuckDb;

/// <summary>
/// Issue 10: every hostile filter is refused by validate with its reason and position, and, with validation bypassed,
/// none can read the secret files next to the warehouse or change a value the engine reports.
/// </summary>
[TestClass]
public sealed class HostileFilterTests
{
    private static readonly JsonSerializerOptions Ascii = new();

    public static IEnumerable<object[]> Hostile => HostileFilters.Rows;

    [TestMethod]
    public void TheTableHoldsAtLeastFortyHostileFilters() => Assert.IsGreaterThanOrEqualTo(40, HostileFilters.All.Count);

    [TestMethod]
    [DynamicData(nameof(Hostile))]
    public void Validate_RefusesTheFilter_WithItsReasonAtTheFiltersLineAndColumn(string filter, string reason)
    {
        var line = $"    {{ \"name\": \"v\", \"type\": \"volume\", \"source\": \"wh\", \"table\": \"shop.orders\", \"critical\": {{ \"min\": 1 }}, \"filter\": {JsonSerializer.Serialize(filter, Ascii)} }}";
        var json = "{\n  \"sources\": { \"wh\": { \"type\": \"duckdb\", \"path\": \"warehouse.duckdb\" } },\n  \"checks\": [\n" + line + "\n  ]\n}";

        var result = Configs.Load(json);

        var error = result.Errors.Single();
        Assert.AreEqual("$.checks[0].filter", error.Path);
        Assert.AreEqual(reason, error.Message);
        Assert.AreEqual((4, line.IndexOf("\"filter\": ", StringComparison.Ordinal) + 1), (error.Line, error.Column), "the position of \"filter\"");
        Assert.Contains("such as \"country = 'FR' AND status <> 'test'\"", error.Hint ?? string.Empty);
    }

    [TestMethod]
    public async Task Run_WithValidationBypassed_EveryHostileFilterIsUnknown_NoneReadsTheSecretOrChangesACount()
    {
        using var warehouse = await SecretWarehouse.CreateAsync();
        var before = warehouse.Hash();
        var config = Configs.Valid("""
            {
              "sources": { "wh": { "type": "duckdb", "path": "warehouse.duckdb" } },
              "checks": [
                { "name": "all_rows", "type": "volume", "source": "wh", "table": "shop.orders", "critical": { "min": 1 } },
                { "name": "fr_rows", "type": "volume", "source": "wh", "table": "shop.orders", "filter": "country = 'FR'", "critical": { "min": 1 } },
                { "name": "hostile", "type": "volume", "source": "wh", "table": "shop.orders", "critical": { "min": 1 } }
              ]
            }
            """);
        var template = config.Checks[2];
        var hostile = HostileFilters.All.Select((h, i) => template with { Name = $"hostile_{i}", Filter = warehouse.Expand(h.Filter) }).ToList();
        var bypassed = config with { Checks = [config.Checks[0], config.Checks[1], .. hostile] };

        var results = await Runs.RunAsync(bypassed, new FakeTimeProvider(OrdersTable.Now), warehouse.Directory);

        Assert.AreEqual(SecretWarehouse.Orders.Rows.Count, results.Single("all_rows").Value);
        Assert.AreEqual(SecretWarehouse.Orders.Rows.Count(r => r.Country == "FR"), results.Single("fr_rows").Value);
        for (var i = 0; i < HostileFilters.All.Count; i++)
        {
            var result = results.Single($"hostile_{i}");
            Assert.AreEqual(CheckStatus.Unknown, result.Status, result.Message);
            Assert.IsNull(result.Value);
            Assert.AreEqual("RefusedFilterException: filter refused, nothing was run: " + HostileFilters.All[i].Reason, result.Message);
        }

        foreach (var result in results)
        {
            var shown = string.Join("\n", result.Message, result.Observed, result.Expected, result.Query);
            Assert.DoesNotContain(warehouse.Secret, shown, result.Check.Name);
        }

        Assert.AreEqual(before, warehouse.Hash(), "the warehouse file is unchanged");
    }

    [TestMethod]
    public async Task Sandbox_WithTheParserBypassedToo_NoHostileStatementReadsTheSecretOrWritesTheWarehouse()
    {
        // The second wall: the statements the builder would make of every hostile filter, run as they are on a
        // connection opened the way the source opens it (read-only, sandboxed).
        using var warehouse = await SecretWarehouse.CreateAsync();
        var before = warehouse.Hash();
        var builder = new SqlQueryBuilder(DuckDbDialect.Instance);
        var seen = new List<string>();
        await using (var connection = new DuckDBConnection($"Data Source={warehouse.Path};ACCESS_MODE=READ_ONLY"))
        {
            await connection.OpenAsync();
            await DuckDbSandbox.ApplyAsync(connection, CancellationToken.None);
            foreach (var (filter, _) in HostileFilters.All)
            {
                var measurement = new TableMeasurement("wh", "shop.orders", [new Measure(MeasureFunction.RowCount, new RowScope(warehouse.Expand(filter)))]);
                using var command = connection.CreateCommand();
                command.CommandText = builder.Build(measurement)[0].Text;
                try
                {
                    using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        seen.AddRange(Enumerable.Range(0, reader.FieldCount).Select(c => Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
                    }
                }
                catch (Exception error) when (error is DuckDBException or InvalidOperationException)
                {
                    seen.Add(error.ToString());
                }
            }
        }

        Assert.DoesNotContain(warehouse.Secret, string.Join("\n", seen));
        Assert.Contains("Permission Error: Cannot access file \"" + warehouse.SecretPath + "\" - file system operations are disabled by configuration", string.Join("\n", seen));
        Assert.AreEqual(before, warehouse.Hash());
    }
}
