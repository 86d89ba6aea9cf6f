using System.Net;
using System.Net.Sockets;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerData.Tests.Service;

/// <summary>No failure ends `serve` with exit 0 (a supervisor would not restart it) nor 1 (CRITICAL): exit 3 and one line saying why.</summary>
[TestClass]
public sealed class FatalExitTests
{
    private static string Config(string name) => $$"""
        {
          "defaults": { "schedule": "0 0 0 1 1 ? 2099" },
          "scheduler": { "instance_name": "{{name}}" },
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT 1 AS id"] } },
          "checks": [ { "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } } ]
        }
        """;

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task HealthPortAlreadyInUse_Exits3_WithOneLine()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var serve = ServeHarness.Create(Config(ServeHarness.UniqueName()));

        var (code, error) = await ServeAsync("serve", "--config", serve.ConfigPath, "--data-dir", serve.DataDirectory, "--health-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.AreEqual(ExitCodes.Unknown, code, error);
        Assert.AreEqual(1, error.Trim().Split('\n').Length, error);
        StringAssert.StartsWith(error, $"error: serve could not start, Failed to bind to address http://127.0.0.1:{port}: address already in use.");
        StringAssert.EndsWith(error.Trim(), ": check that no other process listens on that address (--health-port, --health-host)");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task StoreThatCannotBeOpened_Exits3_WithOneLine()
    {
        await using var serve = ServeHarness.Create(Config(ServeHarness.UniqueName()));
        // A data directory that is a file: state.db cannot be created in it, whoever runs the test (root included).
        var notADirectory = Path.Combine(serve.Directory, "not-a-directory");
        await File.WriteAllTextAsync(notADirectory, "a file");

        var (code, error) = await ServeAsync("serve", "--config", serve.ConfigPath, "--data-dir", notADirectory);

        Assert.AreEqual(ExitCodes.Unknown, code, error);
        Assert.AreEqual(1, error.Trim().Split('\n').Length, error);
        Assert.AreEqual($"error: cannot create the data directory (The file '{notADirectory}' already exists.), {notADirectory}: check that this user may write there (--data-dir chooses another)", error.Trim());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task ABackgroundLoopThatFails_StopsTheHost_AndExits3()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHostedService<FailingLoop>();
        using var host = builder.Build();
        using var error = new StringWriter();

        var code = await ServiceExit.RunAsync(host, error, CancellationToken.None);

        Assert.AreEqual(ExitCodes.Unknown, code);
        Assert.AreEqual("error: serve stopped, FailingLoop failed, the disk went away (IOException): check that the data directory (--data-dir) is a directory this user can write", error.ToString().Trim());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task ARecordedFailure_StopsTheHost_AndExits3()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ServiceFailure>();
        builder.Services.AddHostedService<FailureRecorder>();
        using var host = builder.Build();
        using var error = new StringWriter();

        var code = await ServiceExit.RunAsync(host, error, CancellationToken.None);

        Assert.AreEqual(ExitCodes.Unknown, code);
        Assert.AreEqual("error: serve stopped, the scheduler shut down while the service was running: see the log above", error.ToString().Trim());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task ARequestedStop_Exits0()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        using var host = builder.Build();
        using var error = new StringWriter();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(lifetime.StopApplication);

        Assert.AreEqual(ExitCodes.Ok, await ServiceExit.RunAsync(host, error, CancellationToken.None));
        Assert.AreEqual(string.Empty, error.ToString());
    }

    private static async Task<(int Code, string Error)> ServeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, TimeProvider.System, _ => null);
        var code = await CliApp.RunAsync(args, console, CancellationToken.None);
        return (code, error.ToString());
    }

    private sealed class FailingLoop : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(200, stoppingToken);
            throw new IOException("the disk went away");
        }
    }

    private sealed class FailureRecorder(ServiceFailure failure, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                failure.Record("the scheduler shut down while the service was running");
                lifetime.StopApplication();
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
