using CustomerData.Checks.Sources;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.Composition;

namespace CustomerData.Monitors.Service;

/// <summary>
/// What the running service works from: the current configuration with its opened sources, replaced whole
/// on a valid reload. A run keeps the generation it started with; a retired generation's sources close
/// when its last run ends.
/// </summary>
internal sealed class ServiceState(MonitorRuntime runtime, TimeProvider time)
{
    private readonly object _gate = new();
    private Generation? _current;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private readonly Dictionary<string, DateTimeOffset> _lastSlots = new(StringComparer.Ordinal);

    public MonitorRuntime Runtime => runtime;

    public TimeProvider Time => time;

    public LoadedConfig Config => _current?.Config ?? throw new InvalidOperationException("no configuration loaded yet");

    public bool IsReady => _current is not null;

    /// <summary>Installs a configuration; the previous one retires once no run uses it.</summary>
    public void Install(LoadedConfig config, DataSources sources)
    {
        Generation? retired;
        lock (_gate)
        {
            retired = _current;
            _current = new Generation(config, sources);
        }

        retired?.Retire();
    }

    /// <summary>The current generation, held until the lease is disposed.</summary>
    public Lease Acquire()
    {
        lock (_gate)
        {
            var generation = _current ?? throw new InvalidOperationException("no configuration loaded yet");
            generation.Enter();
            return new Lease(generation);
        }
    }

    /// <summary>Opens the sources for the service: each shared by every schedule, at most scheduler.max_concurrent_per_source queries at once.</summary>
    public static DataSources OpenSources(LoadedConfig config, TimeProvider time) =>
        DataSources.Open(config.Config, config.Catalog, new SourceEnvironment(config.BaseDirectory, time), config.Config.Scheduler.MaxConcurrentPerSource);

    /// <summary>
    /// Claims a schedule's slot for a fire of this process: false when this process already ran that slot, or a later
    /// one (unless the fire is a recovery of a dead node's older slot, which no one here ran).
    /// </summary>
    public bool ClaimSlot(string schedule, DateTimeOffset slot, bool recovering)
    {
        lock (_gate)
        {
            if (_lastSlots.TryGetValue(schedule, out var last) && (slot == last || (slot < last && !recovering)))
            {
                return false;
            }

            if (slot > last)
            {
                _lastSlots[schedule] = slot;
            }

            return true;
        }
    }

    /// <summary>Whether it is time to delete results older than the retention (at most hourly), claiming the turn when it is.</summary>
    public bool ClaimPruneTurn(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now - _lastPrune < TimeSpan.FromHours(1))
            {
                return false;
            }

            _lastPrune = now;
            return true;
        }
    }

    /// <summary>One configuration and its sources, counted by the runs using them.</summary>
    internal sealed class Generation(LoadedConfig config, DataSources sources)
    {
        private int _users = 1;

        public LoadedConfig Config => config;

        public DataSources Sources => sources;

        public void Enter() => Interlocked.Increment(ref _users);

        public void Retire() => Leave();

        public void Leave()
        {
            if (Interlocked.Decrement(ref _users) == 0)
            {
                _ = sources.DisposeAsync().AsTask();
            }
        }
    }

    /// <summary>A run's hold on a generation.</summary>
    internal sealed class Lease(Generation generation) : IDisposable
    {
        public LoadedConfig Config => generation.Config;

        public DataSources Sources => generation.Sources;

        public void Dispose() => generation.Leave();
    }
}
