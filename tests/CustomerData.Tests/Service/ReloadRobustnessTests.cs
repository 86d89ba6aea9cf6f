using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.History;

namespace CustomerData.Tests.Service;

/// <summary>`serve` under every kind of bad edit of checks.json (issue 10 item 4): it keeps running on the last good file and says so.</summary>
[TestClass]
public sealed partial class ReloadRobustnessTests
{
    private const string RowsCheck = """{ "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } }""";
    private const string AddedCheck = """{ "name": "t_added", "type": "volume", "source": "mem", "table": "t", "filter": "id > 4", "critical": { "min": 1 } }""";

    private static string Config(string schedulerName, string checks) => $$"""
        {
          "defaults": { "schedule": "* * * * * ?" },
          "scheduler": { "instance_name": "{{schedulerName}}", "shutdown_grace": "5s" },
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": [
            "CREATE TABLE t AS SELECT range AS id FROM range(10)"
          ] } },
          "checks": {{checks}}
        }
        """;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task TruncatedGarbageAndInvalidEdits_KeepTheServiceRunning_UntilAValidEditIsInstalled()
    {
        await using var agent = new DatagramLog();
        var name = ServeHarness.UniqueName();
        await using var serve = ServeHarness.Create(Config(name, $"[{RowsCheck}]"), agent.Environment());
        var port = ServeHarness.FreePort();
        // A heartbeat far away, so the only config.errors gauges are the ones reloads send.
        await serve.StartAsync(healthPort: port, heartbeat: TimeSpan.FromHours(1));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var history = await serve.HistoryAsync();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        await WaitForRunsAsync(history, "t_rows", since, 1);
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode, "ready before any edit");

        // An editor or a ConfigMap swap caught mid-write: zero bytes.
        await RejectedAsync(serve, http, agent, history, since, [], firstError: null);
        // One byte that is not UTF-8, then the bytes of a file cut in the middle of a string by a bad encoding.
        await RejectedAsync(serve, http, agent, history, since, [0xFF], firstError: null);
        await RejectedAsync(serve, http, agent, history, since, [.. "{ \"checks\": [ { \"name\": \"t_"u8, 0xC3, 0x28, .. "\" } ] }"u8], firstError: null);
        // Invalid JSON and an invalid check: the loader's own first error is the one /readyz gives.
        await RejectedAsync(serve, http, agent, history, since, "{ \"defaults\": { \"schedule\": "u8.ToArray(), firstError: FirstError);
        var unknownSource = Config(name, """[{ "name": "broken", "type": "volume", "source": "nowhere", "table": "t", "critical": { "min": 1 } }]""");
        await RejectedAsync(serve, http, agent, history, since, System.Text.Encoding.UTF8.GetBytes(unknownSource), firstError: FirstError);

        // The valid edit lands whole (written aside, then renamed over the file, as editors and ConfigMap swaps do): a
        // truncate-then-write can be read half-way on a loaded machine, which is rejected, correctly, before the whole
        // file is installed, and would make the first gauge after the edit a 1.
        var before = agent.Count;
        var staged = serve.ConfigPath + ".staged";
        await File.WriteAllTextAsync(staged, Config(name, $"[{RowsCheck}, {AddedCheck}]"));
        File.Move(staged, serve.ConfigPath, overwrite: true);
        var (accepted, _) = await agent.NextAsync("customer_data.config.errors:", before);
        await WaitForRunsAsync(history, "t_added", since, 2);
        var ready = await http.GetAsync("/readyz");

        Assert.AreEqual("customer_data.config.errors:0|g", accepted);
        Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode, await ready.Content.ReadAsStringAsync());
        Assert.IsEmpty(JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("problems").EnumerateArray().ToList());
        var added = await history.ReadAsync("t_added", since, CancellationToken.None);
        Assert.IsTrue(added.All(r => r.Status == CheckStatus.Ok && r.Value == 5), "the added check runs with its own filter: 5 of the 10 rows");
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AnEditUndone_ClearsTheRejection_WithoutReinstalling()
    {
        await using var agent = new DatagramLog();
        var name = ServeHarness.UniqueName();
        var good = Config(name, $"[{RowsCheck}]");
        await using var serve = ServeHarness.Create(good, agent.Environment());
        var port = ServeHarness.FreePort();
        await serve.StartAsync(healthPort: port, heartbeat: TimeSpan.FromHours(1));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await File.WriteAllTextAsync(serve.ConfigPath, "{");
        await agent.NextAsync("customer_data.config.errors:1|g");
        var rejected = await http.GetAsync("/readyz");
        var before = agent.Count;
        await File.WriteAllTextAsync(serve.ConfigPath, good);
        var (cleared, _) = await agent.NextAsync("customer_data.config.errors:", before);

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        Assert.AreEqual("customer_data.config.errors:0|g", cleared);
        await ServeHarness.WaitUntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "/readyz 200 again");
    }

    /// <summary>Writes the bytes, then checks everything a rejected edit must do and that the schedule still records.</summary>
    private static async Task RejectedAsync(ServeHarness serve, HttpClient http, DatagramLog agent, SqliteHistoryStore history, DateTimeOffset since, byte[] content, Func<ServeHarness, string>? firstError)
    {
        var what = content.Length == 0 ? "an empty file" : $"the bytes {Convert.ToHexString(content.Take(12).ToArray())}...";
        var before = agent.Count;
        var editedAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        var runsBefore = (await history.ReadAsync("t_rows", since, CancellationToken.None)).Count;
        await File.WriteAllBytesAsync(serve.ConfigPath, content);

        var (gauge, index) = await agent.NextAsync("customer_data.config.errors:", before);
        var (eventLine, _) = await agent.NextAsync("_e{", before);
        var ready = await http.GetAsync("/readyz");
        var body = await ready.Content.ReadAsStringAsync();
        var live = await http.GetAsync("/healthz");
        await WaitForRunsAsync(history, "t_rows", since, runsBefore + 2);

        Assert.AreEqual("customer_data.config.errors:1|g", gauge, what);
        Assert.IsFalse(agent.Lines.Skip(index + 1).Any(l => l.StartsWith("customer_data.config.errors:", StringComparison.Ordinal)), "reported once, not at every poll: " + what);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.StatusCode, what + ": " + body);
        Assert.AreEqual(HttpStatusCode.OK, live.StatusCode, what);
        var problem = JsonDocument.Parse(body).RootElement.GetProperty("problems").EnumerateArray().Single().GetString()!;
        var match = Rejected().Match(problem);
        Assert.IsTrue(match.Success, problem);
        var at = DateTimeOffset.Parse(match.Groups["at"].Value, CultureInfo.InvariantCulture);
        Assert.IsTrue(at >= editedAt && at <= DateTimeOffset.UtcNow, $"rejected at {at:O}, edited at {editedAt:O}");
        if (firstError is not null)
        {
            Assert.AreEqual(firstError(serve), match.Groups["error"].Value);
        }
        else
        {
            StringAssert.StartsWith(match.Groups["error"].Value, serve.ConfigPath, "a file-level problem names the file: " + what);
        }

        const string Title = "[CustomerData] checks.json is invalid: the running configuration stays";
        var text = match.Groups["error"].Value;
        Assert.AreEqual($"_e{{{Title.Length},{System.Text.Encoding.UTF8.GetByteCount(text)}}}:{Title}|{text}|k:customer_data.config|s:customer_data|t:error", eventLine, what);
        var rows = await history.ReadAsync("t_rows", since, CancellationToken.None);
        Assert.IsTrue(rows.All(r => r.Status == CheckStatus.Ok && r.Value == 10), "the running configuration keeps measuring");
    }

    /// <summary>The loader's first error on the file as it is now, on one line as readiness gives it.</summary>
    private static string FirstError(ServeHarness serve)
    {
        var (_, errors) = LoadedConfig.Read(serve.ConfigPath, serve.DataDirectory, _ => null);
        return string.Join("; ", errors[0].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static Task WaitForRunsAsync(SqliteHistoryStore history, string check, DateTimeOffset since, int count) =>
        ServeHarness.WaitUntilAsync(async () => (await history.ReadAsync(check, since, CancellationToken.None)).Count >= count, $"{count} runs of {check}", seconds: 60);

    [GeneratedRegex(@"^configuration rejected at (?<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ): (?<error>.+)$", RegexOptions.Singleline)]
    private static partial Regex Rejected();
}
