namespace CustomerData.Tests.Cli;

/// <summary>Arguments that name no file are usage errors: exit 2 and what is wrong, never exit 3 and an exception's words.</summary>
[TestClass]
public sealed class HostileArgumentTests
{
    private static readonly string Root = CliRunner.RootConfig;

    [TestMethod]
    [DataRow("--config", new[] { "validate", "--config", "" })]
    [DataRow("--config", new[] { "run", "--config", " " })]
    [DataRow("--data-dir", new[] { "run", "--data-dir", "" })]
    [DataRow("--out", new[] { "schema", "--out", "" })]
    [DataRow("--out", new[] { "report", "--out", "" })]
    [DataRow("--out", new[] { "monitors", "export", "--out", "" })]
    [DataRow("--path", new[] { "demo", "--path", "" })]
    public async Task EmptyPath_IsAUsageError(string option, string[] args)
    {
        string[] withConfig = args.Contains("--config") ? args : [.. args, "--config", Root];

        var outcome = await CliRunner.RunAsync(withConfig);

        Assert.AreEqual(2, outcome.ExitCode, outcome.Error);
        Assert.AreEqual($"{option} needs a path, not an empty string\nRun with --help for usage.", outcome.Error.TrimEnd());
        Assert.AreEqual(string.Empty, outcome.Out);
    }
}
