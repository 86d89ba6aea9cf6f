using System.Globalization;

namespace CustomerData.Checks.Sql;

/// <summary>
/// The statements of a key sample and a key lookup: keys as text, a sample ordered by a hash of the key (the same keys
/// every run over the same rows, spread over the key space), lookups as IN lists of bound parameters.
/// </summary>
public sealed class KeyStatements(ISqlDialect dialect)
{
    private readonly SqlQueryBuilder _predicates = new(dialect);

    /// <summary>Up to <paramref name="limit"/> distinct non-NULL keys of the rows in scope.</summary>
    public SqlStatement Sample(string quotedTable, string keyColumn, RowScope scope, int limit)
    {
        var parameters = new List<SqlParameter>();
        var key = dialect.QuoteIdentifier(keyColumn);
        var text = $"SELECT k FROM (\n  SELECT DISTINCT {dialect.KeyText(key)} AS k\n  FROM {quotedTable}\n  WHERE {Where(key, scope, parameters)}\n) AS sampled\n"
            + string.Create(CultureInfo.InvariantCulture, $"ORDER BY {dialect.Hash("k")}, k\nLIMIT {limit}");
        return new SqlStatement(text, parameters, []);
    }

    /// <summary>The keys of <paramref name="keys"/> the rows in scope hold: one statement per <paramref name="chunk"/> keys.</summary>
    public IReadOnlyList<SqlStatement> Lookup(string quotedTable, string keyColumn, RowScope scope, IReadOnlyList<string> keys, int chunk)
    {
        var key = dialect.QuoteIdentifier(keyColumn);
        return [.. keys.Chunk(chunk).Select(part =>
        {
            var parameters = new List<SqlParameter>();
            var where = Where(key, scope, parameters);
            var list = string.Join(", ", part.Select((value, i) =>
            {
                parameters.Add(new SqlParameter(string.Create(CultureInfo.InvariantCulture, $"k{i}"), value));
                return dialect.Parameter(parameters[^1].Name);
            }));
            var text = $"SELECT DISTINCT {dialect.KeyText(key)} AS k\nFROM {quotedTable}\nWHERE {dialect.KeyText(key)} IN ({list}) AND {where}";
            return new SqlStatement(text, parameters, []);
        })];
    }

    private string Where(string key, RowScope scope, List<SqlParameter> parameters)
    {
        var predicate = _predicates.Predicate(scope, parameters);
        return $"{key} IS NOT NULL" + (predicate is null ? string.Empty : " AND " + predicate);
    }
}
