using CustomerData.Monitors.Cli;
using CustomerData.Monitors.Composition;
using CustomerData.Monitors.History;
using CustomerData.Monitors.Service;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerData.Tests.Service;

/// <summary>A real `serve` host in-process: its own directory, checks file and state, started and stopped by the test.</summary>
internal sealed class ServeHarness : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private MonitorRuntime? _runtime;

    private ServeHarness(string directory, Dictionary<string, string> environment)
    {
        Directory = directory;
        _environment = environment;
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "checks.json");

    public string DataDirectory => Path.Combine(Directory, "data");

    public IHost? Host { get; private set; }

    public static ServeHarness Create(string checksJson, IReadOnlyDictionary<string, string>? environment = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "customerdata-serve-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var harness = new ServeHarness(directory, new Dictionary<string, string>(environment ?? new Dictionary<string, string>()));
        File.WriteAllText(harness.ConfigPath, checksJson);
        return harness;
    }

    /// <summary>A unique scheduler name, so hosts of parallel tests never share a Quartz scheduler.</summary>
    public static string UniqueName() => "test-" + Guid.NewGuid().ToString("N");

    /// <param name="heartbeat">The heartbeat interval (default: serve's 60 s).</param>
    /// <param name="adjust">Changes the loaded configuration before it starts, for states validation would not let through.</param>
    public async Task StartAsync(int? healthPort = null, bool runAtStart = false, TimeSpan? heartbeat = null, string? instanceId = null, Func<LoadedConfig, LoadedConfig>? adjust = null)
    {
        var (loaded, errors) = LoadedConfig.Read(ConfigPath, DataDirectory, Variable);
        Assert.IsNotNull(loaded, string.Join("\n", errors));
        loaded = adjust?.Invoke(loaded) ?? loaded;
        _runtime = await MonitorRuntime.CreateAsync(loaded, alerts: true, Variable, TimeProvider.System, NullLoggerFactory.Instance, TextWriter.Null, CancellationToken.None);
        Host = ServiceHost.Build(loaded, new ServeSettings(healthPort, "127.0.0.1", runAtStart, Variable, instanceId, heartbeat), _runtime, TimeProvider.System);
        await Host.StartAsync();
    }

    /// <summary>A free loopback TCP port for the health endpoints.</summary>
    public static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async Task StopAsync()
    {
        if (Host is not null)
        {
            await Host.StopAsync();
            Host.Dispose();
            Host = null;
        }
    }

    /// <summary>Opens the service's history from its files, as an operator's `history` command would.</summary>
    public Task<SqliteHistoryStore> HistoryAsync() => SqliteHistoryStore.OpenAsync(Path.Combine(DataDirectory, "state.db"), CancellationToken.None);

    /// <summary>Polls until the condition holds; fails after the timeout (a bound, not a speed target).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {seconds} s waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Sets an environment variable as the running service sees it (a webhook set after start).</summary>
    public void SetVariable(string name, string value)
    {
        lock (_environment)
        {
            _environment[name] = value;
        }
    }

    private string? Variable(string name)
    {
        lock (_environment)
        {
            return _environment.GetValueOrDefault(name);
        }
    }
}
