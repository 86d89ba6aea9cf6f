using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sources;

/// <summary>The opened sources of one configuration, by name; disposes them together.</summary>
public sealed class DataSources : IAsyncDisposable
{
    private readonly Dictionary<string, IDataSource> _sources;

    public DataSources(IReadOnlyDictionary<string, IDataSource> sources) => _sources = new(sources, StringComparer.Ordinal);

    /// <param name="maxConcurrentPerSource">When set, at most this many measurements run against each source at once (serve).</param>
    public static DataSources Open(MonitorConfig config, Catalog catalog, SourceEnvironment environment, int? maxConcurrentPerSource = null)
    {
        var configured = environment with { DefaultCheckTimeout = config.Defaults.Timeout.Value };
        return new(config.Sources.ToDictionary(
            pair => pair.Key,
            pair => Limit(catalog.SourceKindOf(pair.Value).Create(pair.Value, configured), maxConcurrentPerSource),
            StringComparer.Ordinal));
    }

    private static IDataSource Limit(IDataSource source, int? maxConcurrent) =>
        maxConcurrent is { } limit ? new LimitedDataSource(source, limit) : source;

    public IDataSource this[string name] => _sources[name];

    /// <summary>Lets every source that can (<see cref="IIdleRelease"/>) close what it holds until its next use.</summary>
    public async ValueTask ReleaseIdleAsync(CancellationToken cancellationToken)
    {
        foreach (var source in _sources.Values)
        {
            if ((source is LimitedDataSource limited ? limited.Inner : source) is IIdleRelease idle)
            {
                await idle.ReleaseIdleAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
