using CustomerData.Checks.Sql;
using DuckDB.NET.Data;

namespace CustomerData.Checks.Sources.DuckDb;

/// <summary>Key samples and lookups for a reconciliation, on the source's one sandboxed connection.</summary>
internal sealed partial class DuckDbSource : IKeySource
{
    // DuckDB binds any number of parameters; chunks keep each statement's text near 10 KB.
    private const int LookupChunk = 1000;
    private readonly KeyStatements _keys = new(DuckDbDialect.Instance);

    public Task<KeyRead> SampleKeysAsync(KeySampleRequest request, CancellationToken cancellationToken) =>
        ReadKeysAsync(request.Table, request.Scope, [_keys.Sample(DuckDbDialect.Instance.QuoteIdentifier(request.Table), request.KeyColumn, request.Scope, request.Limit)], cancellationToken);

    public Task<KeyRead> FindKeysAsync(KeyLookupRequest request, CancellationToken cancellationToken) =>
        ReadKeysAsync(request.Table, request.Scope, _keys.Lookup(DuckDbDialect.Instance.QuoteIdentifier(request.Table), request.KeyColumn, request.Scope, request.Keys, LookupChunk), cancellationToken);

    private async Task<KeyRead> ReadKeysAsync(string table, RowScope scope, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        EnsureProven(new TableMeasurement(string.Empty, table, [new Measure(MeasureFunction.RowCount, scope)]));
        var keys = new List<string>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            foreach (var statement in statements)
            {
                keys.AddRange(await QueryKeysAsync(connection, statement, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            _gate.Release();
        }

        return new KeyRead(keys, [.. statements.Select(s => s.Describe())]);
    }

    private static async Task<List<string>> QueryKeysAsync(DuckDBConnection connection, SqlStatement statement, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = statement.Text;
        foreach (var parameter in statement.Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter.Name, ToDriver(parameter.Value)));
        }

        using var registration = cancellationToken.Register(command.Cancel);
        var keys = await Task.Run(
            () =>
            {
                var read = new List<string>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    read.Add(reader.GetString(0));
                }

                return read;
            },
            cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return keys;
    }
}
