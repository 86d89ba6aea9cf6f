using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sources;

/// <summary>The opened sources of one configuration, by name; disposes them together.</summary>
public sealed class DataSources : IAsyncDisposable
{
    private readonly Dictionary<string, IDataSource> _sources;

    public DataSources(IReadOnlyDictionary<string, IDataSource> sources) => _sources = new(sources, StringComparer.Ordinal);

    public static DataSources Open(MonitorConfig config, Catalog catalog, SourceEnvironment environment) =>
        new(config.Sources.ToDictionary(
            pair => pair.Key,
            pair => Bind(catalog.SourceKindOf(pair.Value).Create(pair.Value, environment), config, pair.Key),
            StringComparer.Ordinal));

    // Sources that need the checks they serve (BigQuery's per-check caps and job labels) learn them here.
    private static IDataSource Bind(IDataSource source, MonitorConfig config, string name)
    {
        (source as IConfigurationAware)?.Bind(config, name);
        return source;
    }

    public IDataSource this[string name] => _sources[name];

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
