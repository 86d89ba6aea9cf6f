using System.ComponentModel;
using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.DynamoDb;

/// <summary>One dynalite (npm, pinned in tests/dynalite) per test run, on a free loopback port; installed with npm ci when missing.</summary>
internal sealed class Dynalite
{
    public const string RequireServicesVariable = "CUSTOMERDATA_REQUIRE_SERVICES";

    private static readonly Lazy<Task<(Dynalite? Server, string? Problem)>> Started = new(StartAsync);
    private readonly Process _process;

    private Dynalite(Process process, int port)
    {
        _process = process;
        Endpoint = $"http://127.0.0.1:{port}";
        Client = new AmazonDynamoDBClient(Credentials, new AmazonDynamoDBConfig { ServiceURL = Endpoint, AuthenticationRegion = Region });
    }

    /// <summary>dynalite accepts any signature; dummy credentials keep the SDK from looking for real ones.</summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("dummy-access-key", "dummy-secret-key");

    public const string Region = "us-east-1";

    public static string Folder { get; } = Path.Combine(Repository.Root, "tests", "dynalite");

    public string Endpoint { get; }

    /// <summary>A client for setting data up; the source under test builds its own.</summary>
    public IAmazonDynamoDB Client { get; }

    /// <summary>The running server, or the test is skipped (failed when CUSTOMERDATA_REQUIRE_SERVICES=1) saying what is missing.</summary>
    public static async Task<Dynalite> RequireAsync()
    {
        var (server, problem) = await Started.Value;
        if (server is not null)
        {
            return server;
        }

        RequiredService.Missing($"dynalite is not available: {problem}");
        return null!;
    }

    // MSTest allows one [AssemblyCleanup] per assembly (the demo fixture has it), so the server stops
    // when the test host exits; closing its standard input is what server.js waits for, and it also
    // happens if the host dies.
    private void Stop()
    {
        Client.Dispose();
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static async Task<(Dynalite?, string?)> StartAsync()
    {
        var (nodeOk, nodeOutput) = await RunAsync("node", "--version", TimeSpan.FromSeconds(30));
        if (!nodeOk)
        {
            return (null, $"node was not found or failed ({nodeOutput}); install Node.js 20 or later");
        }

        if (!File.Exists(Path.Combine(Folder, "node_modules", "dynalite", "package.json")))
        {
            var (installed, output) = await RunAsync("npm", "ci --no-audit --no-fund", TimeSpan.FromMinutes(5));
            if (!installed)
            {
                return (null, $"`npm ci` in {Folder} failed: {Tail(output)}");
            }
        }

        var process = new Process
        {
            StartInfo = new ProcessStartInfo("node", "server.js")
            {
                WorkingDirectory = Folder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null && errors.Count < 20)
            {
                errors.Enqueue(line.Data);
            }
        };
        try
        {
            process.Start();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            {
                process.Kill(entireProcessTree: true);
                await Task.Delay(200);
                return (null, $"node server.js in {Folder} did not say which port it listens on (it said \"{line}\"; stderr: {Tail(string.Join(" | ", errors))})");
            }

            var server = new Dynalite(process, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            await server.WaitUntilAnswersAsync(timeout.Token);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            return (server, null);
        }
        catch (Exception error) when (error is Win32Exception or OperationCanceledException or InvalidOperationException or AmazonServiceException or HttpRequestException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            return (null, $"dynalite did not start: {error.GetType().Name}: {error.Message}");
        }
    }

    private async Task WaitUntilAnswersAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Client.ListTablesAsync(new ListTablesRequest(), cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static async Task<(bool Ok, string Output)> RunAsync(string program, string arguments, TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            using var cancel = new CancellationTokenSource(timeout);
            var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
            var error = process.StandardError.ReadToEndAsync(cancel.Token);
            await process.WaitForExitAsync(cancel.Token);
            return (process.ExitCode == 0, (await output + await error).Trim());
        }
        catch (Exception error) when (error is Win32Exception or OperationCanceledException)
        {
            return (false, error.Message);
        }
    }

    private static string Tail(string text) => text.Length <= 600 ? text : "..." + text[^600..];
}
