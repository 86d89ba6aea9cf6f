using CustomerData.Tests.Cli;
using CustomerData.Tests.Postgres;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Alerting;

/// <summary>A state.db that cannot be used ends the command with exit 3 and one line naming the file and what to do.</summary>
[TestClass]
public sealed class StateStoreFailureTests
{
    [TestMethod]
    public async Task CorruptStateDb_EndsRunAndMute_WithExitThreeAndOneLine()
    {
        var dataDirectory = CliRunner.NewDataDirectory();
        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, "state.db");
        await File.WriteAllTextAsync(file, new string('x', 8192));
        var line = $"error: the state store is not a readable SQLite database (SQLite error 26: 'file is not a database'), {file}: "
            + "move it aside to start with empty alert state, mutes, outbox and history, or restore a backup\n";

        var run = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--data-dir", dataDirectory);
        var mute = await CliRunner.RunAsync("mute", "events_freshness", "--for", "1h", "--config", CliRunner.RootConfig, "--data-dir", dataDirectory);

        foreach (var outcome in new[] { run, mute })
        {
            Assert.AreEqual(3, outcome.ExitCode, outcome.Error);
            Assert.AreEqual(line, outcome.Error.ReplaceLineEndings("\n"));
            Assert.AreEqual(string.Empty, outcome.Out);
        }
    }

    [TestMethod]
    public async Task DataDirectoryThatCannotBeCreated_EndsTheRun_WithExitThreeAndOneLine()
    {
        // Below a regular file, no directory can be made, whoever runs the test (root ignores permission bits).
        var blocker = Path.Combine(DemoFixture.Directory, "not-a-directory-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "x");
        var dataDirectory = Path.Combine(blocker, "data");

        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--data-dir", dataDirectory);

        Assert.AreEqual(3, outcome.ExitCode, outcome.Error);
        Assert.AreEqual(1, outcome.Error.Trim().Split('\n').Length, outcome.Error);
        StringAssert.StartsWith(outcome.Error, "error: cannot create the data directory (");
        StringAssert.EndsWith(outcome.Error.Trim(), $"), {dataDirectory}: check that this user may write there (--data-dir chooses another)");
    }

    [TestMethod]
    public async Task CorruptStateDb_AsAProcess_PrintsOneLine_NoStackTrace()
    {
        var dataDirectory = CliRunner.NewDataDirectory();
        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "state.db"), new string('x', 8192));

        var (code, stdout, stderr) = await PostgresStoreCommandTests.MonitorProcessAsync(
            new Dictionary<string, string> { ["CUSTOMERDATA_DEMO_PATH"] = await DemoFixture.PathAsync() },
            "history", "--check", "events_freshness", "--config", CliRunner.RootConfig, "--data-dir", dataDirectory);

        Assert.AreEqual(3, code, stderr);
        Assert.AreEqual(string.Empty, stdout);
        StringAssert.StartsWith(stderr, "error: the state store is not a readable SQLite database");
        Assert.AreEqual(1, stderr.Trim().Split('\n').Length, stderr);
    }
}
