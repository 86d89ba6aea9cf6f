using System.Text;
using CustomerData.Checks.Loading;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

/// <summary>
/// A valid file takes the loader's quick pass, which maps no position; a file with a mistake takes the full pass, so
/// its errors read as they always did. Both passes must agree on the document and on every position.
/// </summary>
[TestClass]
public sealed class LoaderPositionTests
{
    private static readonly Func<string, string?> Environment = name => name == "DB_FILE" ? "wh.duckdb" : null;

    private const string Valid = """
        {
          "sources": { "db": { "type": "duckdb", "path": "${DB_DIR:-/var/data}/${DB_FILE}" } },
          "checks": [
            { "name": "a", "type": "freshness", "source": "db", "table": "sales.orders", "column": "c", "critical_after": "6h",
              "description": "caf\u00e9 \"quoted\" and é", "tags": ["x", "y"] }
          ]
        }
        """;

    public static IEnumerable<object[]> ValidFiles =>
    [
        [Valid],
        [File.ReadAllText(Path.Combine(RepositoryRoot(), "checks.json"))],
        ["[1, 2, {\"a\": [true, null, 1.5e3]}]"],
        ["\"just a string\""],
    ];

    [TestMethod]
    [DynamicData(nameof(ValidFiles))]
    public void QuickPass_GivesTheFullPassDocumentAndPositionsWithoutMappingThemFirst(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var quick = JsonPreprocessor.Process(bytes, Environment);
        var full = JsonPreprocessor.FullPass(bytes, Environment);

        var positions = (LazyPositions)quick.Positions;
        Assert.IsFalse(positions.IsMapped, "a valid file must not pay for the position map");
        Assert.IsNull(quick.Fatal);
        Assert.AreEqual(0, quick.Problems.Count);
        Assert.AreEqual(0, quick.Located.Count);
        CollectionAssert.AreEqual(full.Json.ToArray(), quick.Json.ToArray());
        CollectionAssert.AreEquivalent(full.Positions.ToList(), positions.ToList());
        Assert.IsTrue(positions.IsMapped);
    }

    [TestMethod]
    public void ExpandedVariables_LandInTheDocument()
    {
        var config = Configs.Valid(Valid, new Dictionary<string, string> { ["DB_FILE"] = "wh.duckdb" });

        Assert.AreEqual("/var/data/wh.duckdb", ((Checks.Sources.DuckDb.DuckDbSourceDefinition)config.Sources["db"]).Path);
        Assert.AreEqual("café \"quoted\" and é", config.Checks[0].Description);
    }

    [TestMethod]
    public void ValidFile_WithAProblemFoundLater_LocatesItThroughTheLazyMap()
    {
        var json = "{\n  \"sources\": {},\n  \"checks\": [\n    { \"name\": \"a\", \"type\": \"freshness\", \"source\": \"nope\", \"table\": \"t\", \"column\": \"c\", \"critical_after\": \"6h\" }\n  ]\n}";

        var error = Configs.Load(json).Errors.Single();

        Assert.AreEqual("$.checks[0].source", error.Path);
        Assert.AreEqual((4, 41), (error.Line, error.Column));
        Assert.AreEqual("unknown source \"nope\"", error.Message);
    }

    // Each mistake the quick pass does not report itself: it hands the file to the full pass, which reports it.
    [TestMethod]
    [DataRow("{\n  \"sources\": {},\n  \"checks\": [],\n  \"s\\u006Furces\": {}\n}", "$.sources", "field \"sources\" appears twice in the same object", 4, 3)]
    [DataRow("{\n  \"sources\": {},\n  \"checks\": [] // none yet\n}", "$", "comments are not JSON: remove it; jq and other JSON tools reject the file", 3, 16)]
    [DataRow("{\n  \"sources\": {},\n  \"checks\": [],\n}", "$", "trailing commas are not JSON: remove it; jq and other JSON tools reject the file", 3, 15)]
    [DataRow("{\n  \"sources\": {},\n  \"checks\": [],\n  \"$schema\": \"\\ud800\"\n}", "$.$schema", "\"\\ud800\" is a lone surrogate escape, which encodes no character", 4, 3)]
    [DataRow("{\n  \"sources\": {},\n  \"checks\": [],\n  \"$schema\": \"${UNSET_FOR_TEST}\"\n}", "$.$schema", "environment variable UNSET_FOR_TEST is not set", 4, 3)]
    public void MistakesTheQuickPassSkips_AreReportedByTheFullPass(string json, string path, string message, int line, int column)
    {
        var error = Configs.Load(json).Errors.Single();

        Assert.AreEqual(message, error.Message);
        Assert.AreEqual(path, error.Path);
        Assert.AreEqual((line, column), (error.Line, error.Column));
    }

    [TestMethod]
    public void DuplicateFieldPastTheComparedOnes_IsStillReported()
    {
        // 70 fields in one object: the quick pass compares the first 64 and leaves the rest to the full pass.
        var fields = string.Join(",\n", Enumerable.Range(0, 70).Select(i => $"    \"f{i}\": {i}"));
        var json = "{\n  \"sources\": {},\n  \"checks\": [],\n  \"defaults\": {\n" + fields + ",\n    \"f3\": 1\n  }\n}";

        var duplicate = Configs.Load(json).Errors.Single(e => e.Message.Contains("twice", StringComparison.Ordinal));

        Assert.AreEqual("$.defaults.f3", duplicate.Path);
        Assert.AreEqual("field \"f3\" appears twice in the same object", duplicate.Message);
        Assert.AreEqual("keep one; the first is at line 8", duplicate.Hint);
        Assert.AreEqual((75, 5), (duplicate.Line, duplicate.Column));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "checks.json")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
