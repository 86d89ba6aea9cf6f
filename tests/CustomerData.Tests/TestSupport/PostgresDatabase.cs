using Npgsql;

namespace CustomerData.Tests.TestSupport;

/// <summary>One test's own database on the run's PostgreSQL server, with data sources that close on dispose.</summary>
internal sealed class PostgresDatabase(string name, string connectionString) : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private NpgsqlDataSource? _dataSource;

    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    /// <summary>The database's long-lived data source, as one process would hold.</summary>
    public NpgsqlDataSource DataSource => _dataSource ??= NewDataSource();

    /// <summary>Another data source with its own pool, as a second replica would have.</summary>
    public NpgsqlDataSource NewDataSource()
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
        }

        return dataSource;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }
}
