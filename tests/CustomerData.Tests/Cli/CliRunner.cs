using CustomerData.Monitors.Cli;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Cli;

/// <summary>The output of one in-process CLI invocation.</summary>
internal sealed record CliOutcome(int ExitCode, string Out, string Error);

/// <summary>Runs the real command line in-process against the test demo warehouse, at the fixture's instant.</summary>
internal static class CliRunner
{
    public static async Task<CliOutcome> RunAsync(params string[] args)
    {
        var demo = await DemoFixture.PathAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, new FakeTimeProvider(DemoFixture.Now), name => name == "CUSTOMERDATA_DEMO_PATH" ? demo : null);
        var code = await CliApp.RunAsync(args, console, CancellationToken.None);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    public static string RootConfig => Path.Combine(Repository.Root, "checks.json");

    public static string WriteConfig(string json)
    {
        Directory.CreateDirectory(DemoFixture.Directory);
        var path = Path.Combine(DemoFixture.Directory, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
