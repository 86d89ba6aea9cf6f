using CustomerData.Checks;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.DuckDb;
using CustomerData.Checks.Sources.DynamoDb;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.DynamoDb;

/// <summary>validate --remote on DynamoDB (dynalite): tables and indexes exist, with control-plane calls only.</summary>
[TestClass]
public sealed class DynamoDbRemoteValidationTests
{
    // Line 4 on: one check a line, so each finding's line is its check's.
    private static string Config(string endpoint) => $$"""
        {
          "sources": { "dyn": { "type": "dynamodb", "region": "{{Dynalite.Region}}", "endpoint": "{{endpoint}}", "max_read_units_per_second": 1 } },
          "checks": [
            { "name": "fresh_ok", "type": "freshness", "source": "dyn", "table": "profiles", "column": "updated_ms", "time_format": "epoch_millis", "index": "by_all_updated", "partition_key_values": ["all"], "critical_after": "6h" },
            { "name": "volume_ok", "type": "volume", "source": "dyn", "table": "profiles", "time_column": "created_s", "window": "1d", "time_format": "epoch_seconds", "critical": { "min": 1 } },
            { "name": "no_table", "type": "volume", "source": "dyn", "table": "profile", "critical": { "min": 1 } },
            { "name": "no_index", "type": "freshness", "source": "dyn", "table": "profiles", "column": "updated_ms", "time_format": "epoch_millis", "index": "by_al_updated", "partition_key_values": ["all"], "critical_after": "6h" },
            { "name": "wrong_sort", "type": "freshness", "source": "dyn", "table": "profiles", "column": "updated_ms", "time_format": "epoch_millis", "index": "by_region_updated", "partition_key_values": ["eu"], "critical_after": "6h" },
            { "name": "wrong_format", "type": "freshness", "source": "dyn", "table": "profiles", "column": "updated_iso", "time_format": "epoch_millis", "index": "by_region_updated", "partition_key_values": ["eu"], "critical_after": "6h" },
            { "name": "unindexed", "type": "freshness", "source": "dyn", "table": "empty_profiles", "column": "t", "time_format": "iso8601", "index": "by_t", "partition_key_values": ["all"], "critical_after": "6h" }
          ]
        }
        """;

    [TestMethod]
    public async Task MissingTableAndIndexes_WrongSortKeyAndKeyType_AreFound_WithoutReadingAnItem()
    {
        var dynalite = await ProfilesTable.ReadyAsync();
        var config = Configs.Valid(Config(dynalite.Endpoint));
        var wire = new WireLog();
        var catalog = new Catalog(Catalog.Default.CheckKinds, [new DuckDbSourceKind(), new DynamoDbSourceKind(new TestClients(wire))]);
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(".", TimeProvider.System));

        var findings = await ((IRemoteValidatingSource)sources["dyn"]).ValidateRemoteAsync(RemoteChecks.Of(catalog, config, "dyn", ProfilesTable.Now), CancellationToken.None);

        CollectionAssert.AreEqual(
            new[]
            {
                $"$.checks[2].table: table \"profile\" not found at {dynalite.Endpoint} (did you mean \"profiles\"?)",
                "$.checks[3].index: table profiles has no index \"by_al_updated\" (did you mean \"by_all_updated\"?)",
                "$.checks[4].index: index \"by_region_updated\" of profiles sorts by \"updated_iso\", not by \"updated_ms\": it cannot give the newest item (name an index whose sort key is the check's column)",
                "$.checks[5].time_format: \"updated_iso\" is a key attribute of profiles stored as a string (S), but \"time_format\" is \"epoch_millis\" (use \"time_format\": \"iso8601\")",
                "$.checks[6].index: table empty_profiles has no index \"by_t\" (it has no secondary index: add one sorted by the time attribute, or remove \"index\" (the check then scans))",
            },
            findings.Select(f => $"{f.Problem.Path}: {f.Problem.Message} ({f.Problem.Hint})").Order(StringComparer.Ordinal).ToArray());
        Assert.IsTrue(findings.All(f => !f.IsWarning));
        CollectionAssert.AreEquivalent(new[] { "DescribeTable", "ListTables" }, wire.Calls.Select(c => c.Operation).Distinct().ToArray(), "control-plane calls only: no Scan, no Query");
        Assert.AreEqual(0, ((DynamoDbSource)sources["dyn"]).Budget.Consumed);
    }

    [TestMethod]
    public async Task ValidateRemote_PrintsEachFindingAtItsChecksLine_AndExits2()
    {
        var dynalite = await ProfilesTable.ReadyAsync();
        var directory = Directory.CreateTempSubdirectory("customerdata-dynamo-remote-");
        try
        {
            var path = Path.Combine(directory.FullName, "checks.json");
            await File.WriteAllTextAsync(path, Config(dynalite.Endpoint));

            // The AWS SDK reads credentials from the process environment, so the real executable runs with dummy ones.
            var (code, output) = await ProcessRunner.RunAsync(
                "env",
                ["AWS_ACCESS_KEY_ID=dummy", "AWS_SECRET_ACCESS_KEY=dummy", "dotnet", Path.Combine(AppContext.BaseDirectory, "CustomerData.Monitors.dll"), "validate", "--remote", "--config", path],
                directory.FullName,
                TimeSpan.FromMinutes(2));

            Assert.AreEqual(2, code, output);
            StringAssert.Contains(output, $"{path}:6:62: $.checks[2].table: table \"profile\" not found at {dynalite.Endpoint}\n    hint: did you mean \"profiles\"?");
            StringAssert.Contains(output, $"{path}:7:141: $.checks[3].index: table profiles has no index \"by_al_updated\"\n    hint: did you mean \"by_all_updated\"?");
            StringAssert.Contains(output, $"{path}:9:115: $.checks[5].time_format: ");
            StringAssert.Contains(output, "remote: 1 source checked; 5 errors, 0 warnings.");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
