using CustomerData.Tests.TestSupport;
using Npgsql;

namespace CustomerData.Tests.Service;

/// <summary>Two `serve` processes sharing a Quartz cluster and the stores on a real PostgreSQL.</summary>
[TestClass]
public sealed class ClusterTests
{
    private const string SlowSchedule = "0/15 * * * * ?";
    private const string FastSchedule = "* * * * * ?";

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public async Task TwoNodes_RunEachFireOnce_AndTheSurvivorTakesOverAKilledNodesRun()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync(nameof(ClusterTests));
        var directory = Directory.CreateTempSubdirectory("customerdata-cluster-").FullName;
        var cluster = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        var config = Path.Combine(directory, "checks.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "defaults": { "schedule": "{{FastSchedule}}" },
              "scheduler": { "mode": "cluster", "connection_string_env": "CUSTOMERDATA_PG", "instance_name": "{{cluster}}", "checkin_interval": "1s", "shutdown_grace": "1s" },
              "store": { "type": "postgres" },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": [
                "CREATE TABLE t AS SELECT range AS id FROM range(10)",
                "CREATE VIEW slow AS SELECT a.range AS n FROM range(60000) a, range(60000) b"
              ] } },
              "checks": [
                { "name": "fast_a", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } },
                { "name": "fast_b", "type": "volume", "source": "mem", "table": "t", "filter": "id > 4", "critical": { "min": 1 } },
                { "name": "slow_rows", "type": "volume", "source": "mem", "table": "slow", "schedule": "{{SlowSchedule}}", "critical": { "min": 1 } }
              ]
            }
            """);
        var environment = new Dictionary<string, string> { ["CUSTOMERDATA_PG"] = database.ConnectionString, ["DOTNET_NOLOGO"] = "1" };
        using var a = ServiceNode.Start("node-a", config, Path.Combine(directory, "a"), environment);
        using var b = ServiceNode.Start("node-b", config, Path.Combine(directory, "b"), environment);
        var nodes = new[] { a, b };

        await WaitAsync(async () => await ScalarAsync<long>(database, $"SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = '{cluster}'") == 2, "both nodes to join the cluster", nodes);
        var (victimId, slowFire) = await WaitForSlowFireAsync(database, cluster, nodes);
        var victim = nodes.Single(n => n.Id == victimId);
        var survivor = nodes.Single(n => n != victim);
        victim.Kill();

        await WaitAsync(
            async () => await ScalarAsync<long>(database, $"SELECT count(*) FROM results WHERE check_name = 'slow_rows' AND measured_at = to_timestamp({slowFire.ToUnixTimeMilliseconds()} / 1000.0)") == 1,
            $"{survivor.Id} to run the slow check's fire of {slowFire:O} that {victim.Id} died in", nodes);
        await Task.Delay(TimeSpan.FromSeconds(3));
        survivor.Kill();

        var completed = nodes.SelectMany(n => n.Logs().Where(l => l.GetProperty("Category").GetString()!.EndsWith("CheckGroupJob", StringComparison.Ordinal) && l.GetProperty("State").TryGetProperty("FireTime", out _))
            .Select(l => (Node: n.Id, Schedule: l.GetProperty("State").GetProperty("Schedule").GetString()!, Fire: l.GetProperty("State").GetProperty("FireTime").GetString()!, Recovering: l.GetProperty("State").GetProperty("Recovering").ToString()))).ToList();
        // While both nodes live, each fire runs on exactly one of them; only fires the victim had in flight run again, as recoveries.
        var fast = completed.Where(c => c.Schedule.StartsWith(FastSchedule, StringComparison.Ordinal) && c.Recovering == "False").ToList();
        Assert.IsGreaterThan(5, fast.Count, "the fast schedule ran throughout");
        Assert.AreEqual(fast.Count, fast.Select(c => c.Fire).Distinct().Count(), "each fire of the fast schedule ran on exactly one node:\n" + string.Join("\n", fast.GroupBy(c => c.Fire).Where(g => g.Count() > 1).Select(g => g.Key)));
        var slow = completed.Single(c => c.Schedule.StartsWith(SlowSchedule, StringComparison.Ordinal) && DateTimeOffset.Parse(c.Fire, System.Globalization.CultureInfo.InvariantCulture) == slowFire);
        Assert.AreEqual(survivor.Id, slow.Node);
        Assert.AreEqual("True", slow.Recovering);
        Assert.AreEqual(0, await ScalarAsync<long>(database, "SELECT count(*) FROM (SELECT check_name, measured_at FROM results GROUP BY 1, 2 HAVING count(*) > 1) d"));
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<(string Node, DateTimeOffset Fire)> WaitForSlowFireAsync(PostgresDatabase database, string cluster, ServiceNode[] nodes)
    {
        (string, DateTimeOffset)? found = null;
        var seen = new System.Text.StringBuilder();
        await WaitAsync(
            async () =>
            {
                await using var command = database.DataSource.CreateCommand($"SELECT instance_name, sched_time, trigger_name, state FROM qrtz_fired_triggers WHERE sched_name = '{cluster}'");
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    seen.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{reader.GetValue(0)} {reader.GetValue(1)} {reader.GetValue(2)} {reader.GetValue(3)}");
                    if (reader.GetString(2).StartsWith(SlowSchedule, StringComparison.Ordinal) && reader.GetString(3) == "EXECUTING")
                    {
                        found = (reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1) / 10_000 - 62_135_596_800_000));
                    }
                }

                return found is not null;
            },
            "a node to start the slow check; fired triggers seen: " + seen,
            nodes,
            seconds: 60);
        return found!.Value;
    }

    private static async Task<T> ScalarAsync<T>(PostgresDatabase database, string sql)
    {
        try
        {
            await using var command = database.DataSource.CreateCommand(sql);
            return (T)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return default!;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, ServiceNode[] nodes, int seconds = 60)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed.TotalSeconds > seconds || nodes.All(n => n.Exited))
            {
                Assert.Fail($"timed out after {seconds} s waiting for {what}\n" + string.Join("\n\n", nodes.Select(n => $"--- {n.Id} ---\n{string.Join("\n", n.Output().Split('\n').TakeLast(30))}")));
            }

            await Task.Delay(200);
        }
    }
}
