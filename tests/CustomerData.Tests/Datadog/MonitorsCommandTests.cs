using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Datadog;

[TestClass]
public sealed class MonitorsCommandTests
{
    [TestMethod]
    [DataRow("terraform")]
    [DataRow("api")]
    public async Task Export_RunTwice_WritesIdenticalBytesAndNoTemporaryFiles(string format)
    {
        using var output = new TemporaryDirectory();
        var directory = Path.Combine(output.Path, "nested", "datadog");

        var first = await CliRunner.RunAsync("monitors", "export", "--format", format, "--out", directory, "--config", GoldenFiles.Config);
        var firstBytes = Snapshot(directory);
        var second = await CliRunner.RunAsync("monitors", "export", "--format", format, "--out", directory, "--config", GoldenFiles.Config);

        Assert.AreEqual(0, first.ExitCode, first.Error);
        Assert.AreEqual(0, second.ExitCode, second.Error);
        Assert.IsNotEmpty(firstBytes);
        CollectionAssert.AreEqual(firstBytes.Keys.ToArray(), Snapshot(directory).Keys.ToArray(), "a temporary file was left behind or a file went missing");
        foreach (var (name, bytes) in Snapshot(directory))
        {
            CollectionAssert.AreEqual(firstBytes[name], bytes, name);
        }

        StringAssert.Contains(first.Error, $"Wrote 5 monitors and 0 downtimes in {(format == "api" ? "5 files" : "1 file")} to {directory}.");
    }

    [TestMethod]
    public async Task Export_InvalidConfig_ExitsTwoWithTheErrorsAndWritesNothing()
    {
        using var output = new TemporaryDirectory();
        var config = CliRunner.WriteConfig("""
            {
              "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
              "checks": [ { "name": "a", "type": "volume", "source": "dbb", "table": "t", "critical": { "min": 1 } } ]
            }
            """);

        var outcome = await CliRunner.RunAsync("monitors", "export", "--format", "terraform", "--out", output.Path, "--config", config);

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.Error, "$.checks[0].source: unknown source \"dbb\"");
        Assert.AreEqual(string.Empty, outcome.Out);
        Assert.IsFalse(Directory.Exists(output.Path));
    }

    [TestMethod]
    public async Task Export_MissingConfig_ExitsTwo()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--config", Path.Combine(Path.GetTempPath(), "no-such-checks.json"));

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.Error, "file not found");
    }

    [TestMethod]
    public async Task Export_RootChecksJson_ExportsEveryEnabledCheck()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--format", "api", "--config", CliRunner.RootConfig);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        Assert.HasCount(17, System.Text.Json.Nodes.JsonNode.Parse(outcome.Out)!.AsArray(), "sixteen checks and the heartbeat");
    }

    [TestMethod]
    [DataRow("monitors")]
    [DataRow("monitors export")]
    public async Task Help_OnEachCommand_ShowsAnExample(string command)
    {
        var outcome = await CliRunner.RunAsync([.. command.Split(' '), "--help"]);

        Assert.AreEqual(0, outcome.ExitCode);
        StringAssert.Contains(outcome.Out, "cdm monitors export --format terraform --env prod --out deploy/datadog");
    }

    private static Dictionary<string, byte[]> Snapshot(string directory) =>
        Directory.GetFiles(directory).Order(StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
}
