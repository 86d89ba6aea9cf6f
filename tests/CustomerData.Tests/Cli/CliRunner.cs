using CustomerData.Monitors.Cli;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Cli;

/// <summary>The output of one in-process CLI invocation.</summary>
internal sealed record CliOutcome(int ExitCode, string Out, string Error);

/// <summary>Runs the real command line in-process against the test demo warehouse, at the fixture's instant.</summary>
internal static class CliRunner
{
    public static Task<CliOutcome> RunAsync(params string[] args) => RunWithAsync(new Dictionary<string, string>(), DemoFixture.Now, args);

    /// <summary>Runs with extra environment variables, at an instant; alert state goes to a fresh directory unless --data-dir is given.</summary>
    public static async Task<CliOutcome> RunWithAsync(IReadOnlyDictionary<string, string> environment, DateTimeOffset now, params string[] args)
    {
        var demo = await DemoFixture.PathAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var variables = new Dictionary<string, string>(environment) { ["CUSTOMERDATA_DEMO_PATH"] = demo };
        var console = new CliConsole(output, error, new FakeTimeProvider(now), name => variables.GetValueOrDefault(name));
        string[] withState = args.Contains("--data-dir") ? args : [.. args, "--data-dir", NewDataDirectory()];
        var code = await CliApp.RunAsync(withState, console, CancellationToken.None);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    public static string NewDataDirectory() => Path.Combine(DemoFixture.Directory, "state-" + Guid.NewGuid().ToString("N"));

    public static string RootConfig => Path.Combine(Repository.Root, "checks.json");

    public static string WriteConfig(string json)
    {
        Directory.CreateDirectory(DemoFixture.Directory);
        var path = Path.Combine(DemoFixture.Directory, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
