using System.Diagnostics;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Cli;

/// <summary>
/// The package `dotnet pack monitors` makes installs as the `cdm` command: packed from this test run's build, installed
/// into a temporary --tool-path from the local package folder only (a NuGet.config that clears every other source), and
/// run on the demo checks.json as a user would.
/// </summary>
[TestClass]
public sealed class ToolPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task PackedToolInstallsAsCdmAndValidatesTheDemo()
    {
        var dotnet = DotnetHost();
        if (dotnet is null)
        {
            RequiredService.Missing("packing is impossible here: no dotnet host (DOTNET_HOST_PATH unset and no dotnet on PATH)");
        }

        var work = Directory.CreateTempSubdirectory("cdm-tool-");
        try
        {
            var packages = Path.Combine(work.FullName, "packages");
            var pack = await RunAsync(dotnet, work.FullName, "pack", Path.Combine(Repository.Root, "monitors"), "-c", Configuration, "--no-build", "-o", packages);
            Assert.AreEqual(0, pack.ExitCode, pack.Output);
            Assert.IsTrue(File.Exists(Path.Combine(packages, "CustomerData.Monitor.0.1.0.nupkg")), pack.Output);

            var nugetConfig = Path.Combine(work.FullName, "NuGet.config");
            await File.WriteAllTextAsync(nugetConfig, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{packages}" />
                  </packageSources>
                </configuration>
                """);
            var tools = Path.Combine(work.FullName, "tools");
            var install = await RunAsync(dotnet, work.FullName, "tool", "install", "CustomerData.Monitor", "--tool-path", tools, "--configfile", nugetConfig, "--version", "0.1.0");
            Assert.AreEqual(0, install.ExitCode, install.Output);
            StringAssert.Contains(install.Output, "You can invoke the tool using the following command: cdm");

            var cdm = Path.Combine(tools, OperatingSystem.IsWindows() ? "cdm.exe" : "cdm");
            var config = Path.Combine(Repository.Root, "checks.json");
            var validate = await RunAsync(cdm, work.FullName, "validate", "--config", config);
            Assert.AreEqual(0, validate.ExitCode, validate.Output);
            Assert.AreEqual($"{config} is valid: 16 checks (16 enabled) on 1 source.", validate.Output);

            // The help of the installed tool names it as it is installed.
            var help = await RunAsync(cdm, work.FullName, "--help");
            Assert.AreEqual(0, help.ExitCode, help.Output);
            StringAssert.Contains(help.Output, "  cdm run\n");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string? DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
            .FirstOrDefault(File.Exists);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The tool's launcher finds the runtime the test runs on; no telemetry or first-run text in the output.
        var host = DotnetHost()!;
        start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("CUSTOMERDATA_COMMAND");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{Path.GetFileName(file)} {string.Join(' ', arguments)} did not finish within 150 s");
        }

        return (process.ExitCode, ((await stdout) + (await stderr)).Trim().ReplaceLineEndings("\n"));
    }
}
