using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

/// <summary>
/// Every command that loads checks.json answers an empty file, a non-UTF-8 byte, a missing file or a directory the
/// same way: exit 2 (configuration error, never 1 = CRITICAL nor 0) and one "file: problem" line, no stack trace.
/// </summary>
[TestClass]
public sealed class UnreadableConfigCliTests
{
    private static readonly string[][] Commands =
    [
        ["validate"],
        ["run"],
        ["run", "--format", "json"],
        ["plan"],
        ["serve"],
        ["history", "--check", "orders_freshness"],
        ["mute", "orders_freshness", "--for", "1h"],
        ["unmute", "orders_freshness"],
        ["monitors", "export"],
    ];

    [TestMethod]
    [DataRow(new byte[0], "the file is empty")]
    [DataRow(new byte[] { 0xFF }, "not UTF-8: invalid byte 0xFF at byte offset 0 (line 1)")]
    [DataRow(new byte[] { 0xEF, 0xBB, 0xBF }, "the file holds only a byte order mark (EF BB BF) and no JSON")]
    public async Task EveryCommand_OnAnUnreadableFile_ExitsTwoWithOneLineNamingTheFile(byte[] content, string problem)
    {
        var config = CliRunner.WriteConfig(string.Empty);
        await File.WriteAllBytesAsync(config, content);

        foreach (var command in Commands)
        {
            var outcome = await CliRunner.RunAsync([.. command, "--config", config]);

            var what = string.Join(' ', command);
            Assert.AreEqual(2, outcome.ExitCode, $"{what}: {outcome.Error}");
            Assert.AreEqual(string.Empty, outcome.Out, what);
            var lines = outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            CollectionAssert.AreEqual(new[] { $"{config}: {problem}" }, lines.Where(l => !l.StartsWith("    hint: ", StringComparison.Ordinal)).ToArray(), what);
        }
    }

    [TestMethod]
    public async Task MissingFileAndDirectory_AreFileLevelErrors()
    {
        var missing = Path.Combine(DemoFixture.Directory, "no-such-" + Guid.NewGuid().ToString("N") + ".json");
        var directory = Directory.CreateDirectory(Path.Combine(DemoFixture.Directory, "dir-" + Guid.NewGuid().ToString("N") + ".json")).FullName;

        var notFound = await CliRunner.RunAsync("run", "--config", missing);
        var isDirectory = await CliRunner.RunAsync("serve", "--config", directory);

        Assert.AreEqual((2, $"{missing}: file not found"), (notFound.ExitCode, notFound.Error.Split('\n')[0]));
        Assert.AreEqual((2, $"{directory}: is a directory, not a file"), (isDirectory.ExitCode, isDirectory.Error.Split('\n')[0]));
    }

    [TestMethod]
    public async Task HugeWindow_FailsValidate_BeforeRunCanTripOnIt()
    {
        var root = await File.ReadAllTextAsync(CliRunner.RootConfig);
        var config = CliRunner.WriteConfig(root.Replace("\"window\": \"1d\", \"window_alignment\"", "\"window\": \"740000d\", \"window_alignment\"", StringComparison.Ordinal));

        foreach (var command in new[] { "validate", "run", "plan" })
        {
            var outcome = await CliRunner.RunAsync(command, "--config", config);

            Assert.AreEqual(2, outcome.ExitCode, outcome.Error);
            Assert.AreEqual(
                $"{config}:33:36: $.checks[1].window: window 740000d is longer than the 3650d limit\n    hint: write at most 3650d\n{config}: 1 error",
                outcome.Error.TrimEnd());
        }
    }
}
