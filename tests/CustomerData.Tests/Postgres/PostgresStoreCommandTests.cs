using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;
using Npgsql;

namespace CustomerData.Tests.Postgres;

/// <summary>
/// Every command that keeps or reads state uses the configured store: with store.type postgres, `mute` writes where
/// the next `run` reads, and a store that cannot be reached ends any command with exit 3 and one line.
/// </summary>
[TestClass]
public sealed class PostgresStoreCommandTests
{
    private const string Variable = "CUSTOMERDATA_POSTGRES";

    private static readonly string Config = CliRunner.WriteConfig($$"""
        {
          "defaults": { "notify": { "slack": "#customer-data-alerts" }, "renotify_after": "4h" },
          "notifications": { "slack": { "webhooks": { "#customer-data-alerts": "SLACK_WEBHOOK_CUSTOMER_DATA" } } },
          "scheduler": { "connection_string_env": "{{Variable}}" },
          "store": { "type": "postgres" },
          "sources": { "demo": { "type": "duckdb", "path": "${CUSTOMERDATA_DEMO_PATH}", "demo": true } },
          "checks": [
            { "name": "events_freshness", "type": "freshness", "source": "demo", "table": "marketing.events",
              "column": "event_time", "warn_after": "1h", "critical_after": "6h" }
          ]
        }
        """);

    private static string Header(string payload) => (string)JsonNode.Parse(payload)!["blocks"]![0]!["text"]!["text"]!;

    [TestMethod]
    public async Task Mute_WithThePostgresStore_SilencesTheNextRun_AndUnmuteLetsItSpeak()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresStoreCommandTests));
        await using var slack = new LoopbackSlackServer();
        var environment = new Dictionary<string, string> { [Variable] = db.ConnectionString, ["SLACK_WEBHOOK_CUSTOMER_DATA"] = slack.Url.ToString() };
        var dataDirectory = CliRunner.NewDataDirectory();
        Task<CliOutcome> RunAsync(params string[] args) => CliRunner.RunWithAsync(environment, DemoFixture.Now, [.. args, "--config", Config, "--data-dir", dataDirectory]);

        var where = $"PostgreSQL 127.0.0.1:{(await PostgresServer.GetAsync()).Port}/{db.Name}";

        var mute = await RunAsync("mute", "events_freshness", "--for", "2h", "--reason", "backfill");
        string stored;
        await using (var read = db.DataSource.CreateCommand("SELECT check_name || ' until ' || to_char(until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ': ' || reason FROM mutes"))
        {
            stored = (string)(await read.ExecuteScalarAsync())!;
        }

        var muted = await RunAsync("run");
        var postsWhileMuted = slack.Posts.Count;
        var unmute = await RunAsync("unmute", "events_freshness");
        var heard = await CliRunner.RunWithAsync(environment, DemoFixture.Now.AddMinutes(15), "run", "--config", Config, "--data-dir", dataDirectory);
        var history = await RunAsync("history", "--check", "events_freshness");

        Assert.AreEqual(0, mute.ExitCode, mute.Error);
        Assert.AreEqual($"events_freshness is muted until 2026-11-26 11:20 UTC ({where}).", mute.Out.Trim());
        Assert.AreEqual("events_freshness until 2026-11-26 11:20: backfill", stored);
        Assert.AreEqual(1, muted.ExitCode, muted.Error);
        Assert.AreEqual(0, postsWhileMuted, "the run read the mute from PostgreSQL");
        Assert.AreEqual("events_freshness is no longer muted.", unmute.Out.Trim());
        Assert.AreEqual(1, heard.ExitCode, heard.Error);
        CollectionAssert.AreEqual(new[] { "events_freshness is CRITICAL" }, slack.Delivered.Select(Header).ToArray());
        StringAssert.Contains(history.Out, "2 results for events_freshness in the last 7d.");
        Assert.IsFalse(Directory.Exists(dataDirectory), "nothing went to a local SQLite file");
    }

    [TestMethod]
    public async Task WrongPassword_EndsEveryStoreCommand_WithExitThreeAndOneLine()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresStoreCommandTests));
        var server = await PostgresServer.GetAsync();
        var role = "monitor_" + Guid.NewGuid().ToString("N")[..8];
        var right = await server.PasswordRoleAsync(db.Name, role, "s3cret-right");
        var wrong = new NpgsqlConnectionStringBuilder(right) { Password = "hunter2-wrong" }.ToString();
        var environment = new Dictionary<string, string> { [Variable] = wrong };
        var line = $"error: PostgreSQL refused the login (password authentication failed for user \"{role}\"), 127.0.0.1:{server.Port}/{db.Name}: "
            + $"check the user and password in the connection string in {Variable}\n";

        foreach (var args in new[] { ["mute", "events_freshness", "--for", "1h"], ["unmute", "events_freshness"], ["run"], ["history", "--check", "events_freshness"], new[] { "serve" } })
        {
            var outcome = await CliRunner.RunWithAsync(environment, DemoFixture.Now, [.. args, "--config", Config]);

            Assert.AreEqual(3, outcome.ExitCode, $"{args[0]}: {outcome.Error}");
            Assert.AreEqual(line, outcome.Error.ReplaceLineEndings("\n"), args[0]);
            Assert.AreEqual(string.Empty, outcome.Out, $"{args[0]}: nothing measured, nothing claimed");
        }

        // With the right password the same command works: the line above was about the password, not the set-up.
        var fixedUp = await CliRunner.RunWithAsync(new Dictionary<string, string> { [Variable] = right }, DemoFixture.Now, "mute", "events_freshness", "--for", "1h", "--config", Config);
        Assert.AreEqual(0, fixedUp.ExitCode, fixedUp.Error);
    }

    [TestMethod]
    public async Task WrongPassword_AsAProcess_PrintsOneLineOnStandardError_NoStackTrace_NoPassword()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresStoreCommandTests));
        var server = await PostgresServer.GetAsync();
        var role = "monitor_" + Guid.NewGuid().ToString("N")[..8];
        var right = await server.PasswordRoleAsync(db.Name, role, "s3cret-right");
        var wrong = new NpgsqlConnectionStringBuilder(right) { Password = "hunter2-wrong" }.ToString();

        var (code, stdout, stderr) = await MonitorProcessAsync(new Dictionary<string, string> { [Variable] = wrong, ["CUSTOMERDATA_DEMO_PATH"] = await DemoFixture.PathAsync() }, "mute", "events_freshness", "--for", "1h", "--config", Config);

        Assert.AreEqual(3, code, stderr);
        Assert.AreEqual(string.Empty, stdout);
        Assert.AreEqual(
            $"error: PostgreSQL refused the login (password authentication failed for user \"{role}\"), 127.0.0.1:{server.Port}/{db.Name}: "
                + $"check the user and password in the connection string in {Variable}\n",
            stderr.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public async Task ClosedPort_ExitsThree_SayingWhereAndWhatToCheck()
    {
        var port = FreePort();
        var environment = new Dictionary<string, string> { [Variable] = $"Host=127.0.0.1;Port={port};Database=monitor;Username=monitor;Password=hunter2;Timeout=5" };

        var run = await CliRunner.RunWithAsync(environment, DemoFixture.Now, "run", "--config", Config);
        var mute = await CliRunner.RunWithAsync(environment, DemoFixture.Now, "mute", "events_freshness", "--for", "1h", "--config", Config);

        foreach (var outcome in new[] { run, mute })
        {
            Assert.AreEqual(3, outcome.ExitCode, outcome.Error);
            Assert.AreEqual(
                $"error: cannot connect to PostgreSQL (Connection refused), 127.0.0.1:{port}/monitor: check that the server runs and accepts connections there, and the host and port in {Variable}\n",
                outcome.Error.ReplaceLineEndings("\n"));
        }
    }

    [TestMethod]
    public async Task UnsetConnectionVariable_ExitsThree_NamingTheVariable()
    {
        var outcome = await CliRunner.RunWithAsync(new Dictionary<string, string>(), DemoFixture.Now, "mute", "events_freshness", "--for", "1h", "--config", Config);

        Assert.AreEqual(3, outcome.ExitCode, outcome.Error);
        Assert.AreEqual(
            $"error: {Variable} is not set, store.type postgres: set it to the PostgreSQL connection string (Host=...;Port=...;Database=...;Username=...;Password=...)\n",
            outcome.Error.ReplaceLineEndings("\n"));
    }

    /// <summary>Runs the built monitor as its own process, with only the given variables added to the environment.</summary>
    internal static async Task<(int Code, string Out, string Error)> MonitorProcessAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = DemoFixture.Directory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CustomerData.Monitors.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
