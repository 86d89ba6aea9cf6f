using System.Net;
using System.Net.Sockets;
using CustomerData.Tests.Soak;

namespace CustomerData.Tests.Service;

/// <summary>
/// SIGTERM to a real `serve` process before it runs anything: while it waits for its store, and while the host starts
/// its schedules. A stop is never a failure: exit 0 (not the runtime's 143, nor 3 "could not start", which a
/// supervisor's Restart=on-failure would answer with a restart), within the shutdown bound.
/// </summary>
[TestClass]
public sealed class SigtermWhileStartingTests
{
    /// <summary>Far above what a stop takes (a start cut short, nothing running): a bound, not a speed target.</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(30);

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Sigterm_WhileServeWaitsForItsStore_Exits0()
    {
        // A PostgreSQL address that accepts connections and never answers: serve sits in opening its store.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = silent.AcceptTcpClientAsync();
        var config = $$"""
            {
              "defaults": { "schedule": "0/5 * * * * ?" },
              "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}", "connection_string_env": "CDM_TEST_PG" },
              "store": { "type": "postgres" },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT 1 AS id"] } },
              "checks": [ { "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } } ]
            }
            """;
        var environment = new Dictionary<string, string>
        {
            ["CDM_TEST_PG"] = $"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d;Timeout=60;Command Timeout=60",
        };
        var (node, directory) = Start("sigterm-store", config, environment);
        using (node)
        using (var client = await accepted.WaitAsync(TimeSpan.FromSeconds(60)))
        {
            var (code, took) = await TerminateAsync(node);

            Assert.AreEqual(0, code, node.Output());
            Assert.IsLessThan(ExitBound, took, node.Output());
            Assert.IsFalse(node.Output().Contains("error:", StringComparison.Ordinal), node.Output());
        }

        Directory.Delete(directory, recursive: true);
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Sigterm_WhileTheHostSchedulesItsJobs_Exits0()
    {
        // Two thousand schedules, so registering them (the host's start) takes long enough for the signal to land in it.
        var checks = string.Join(",\n", Enumerable.Range(0, 2000).Select(i =>
            $$"""{ "name": "t_rows_{{i}}", "type": "volume", "source": "mem", "table": "t", "schedule": "{{i % 60}} {{i / 60}} 3 * * ?", "critical": { "min": 1 } }"""));
        var config = $$"""
            {
              "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}" },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT 1 AS id"] } },
              "checks": [ {{checks}} ]
            }
            """;
        var (node, directory) = Start("sigterm-starting", config, new Dictionary<string, string>());
        using (node)
        {
            // The host creates the scheduler first, then registers every schedule, then starts firing.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!node.Exited && !node.Output().Contains("Quartz Scheduler created", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            var (code, took) = await TerminateAsync(node);
            var output = node.Output();
            Assert.AreEqual(0, code, output);
            Assert.IsLessThan(ExitBound, took, output);
            Assert.IsFalse(output.Contains("error:", StringComparison.Ordinal), output);
            Assert.IsTrue(output.Contains("SIGTERM received: stopping", StringComparison.Ordinal), output);
        }

        Directory.Delete(directory, recursive: true);
    }

    private static (ServiceNode Node, string Directory) Start(string id, string config, Dictionary<string, string> environment)
    {
        var directory = Directory.CreateTempSubdirectory("customerdata-sigterm-").FullName;
        var path = Path.Combine(directory, "checks.json");
        File.WriteAllText(path, config);
        environment["DOTNET_NOLOGO"] = "1";
        return (ServiceNode.Start(id, path, Path.Combine(directory, "data"), environment), directory);
    }

    /// <summary>SIGTERM, then the exit code and how long the exit took (bounded: a process still there fails the test).</summary>
    private static async Task<(int Code, TimeSpan Took)> TerminateAsync(ServiceNode node)
    {
        Assert.IsFalse(node.Exited, "serve ended before the signal:\n" + node.Output());
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        Assert.IsTrue(ProcStat.Signal(node.Pid, ProcStat.SigTerm), "the signal could not be sent");
        var exited = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.IsTrue(exited, "still running 60 s after SIGTERM:\n" + ProcStat.Describe(node.Pid) + "\n" + node.Output());
        return (node.ExitCode, stopping.Elapsed);
    }
}
