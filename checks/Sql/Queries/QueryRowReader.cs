using System.Globalization;
using System.Numerics;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Sql.Queries;

/// <summary>
/// Turns the first rows a source read of a query (<see cref="StatementShape.QueryRow"/>) into one number per measure:
/// the named column, or the only one. No row, a second row or a value that is not a number is an error naming the
/// column and its type, never quoting a value (it is customer data); NaN and the infinities are named as such.
/// </summary>
internal static class QueryRowReader
{
    /// <param name="names">The result's column names, in order.</param>
    /// <param name="first">The first row's values, or null when the query returned no row.</param>
    /// <param name="more">Whether a second row came back.</param>
    public static IReadOnlyList<MeasuredValue> Read(IReadOnlyList<string> names, IReadOnlyList<object?>? first, bool more, IReadOnlyList<Measure> measures)
    {
        if (first is null)
        {
            throw new QueryResultException("the query returned no row: a sql check judges the one row its query returns");
        }

        if (more)
        {
            throw new QueryResultException("the query returned 2 or more rows: a sql check judges one row (aggregate the rows, or add LIMIT 1 on purpose)");
        }

        return [.. measures.Select(measure => Number(names, first, measure.Column))];
    }

    private static MeasuredValue Number(IReadOnlyList<string> names, IReadOnlyList<object?> row, string? column)
    {
        var index = column is null ? 0 : names.ToList().FindIndex(name => string.Equals(name, column, StringComparison.OrdinalIgnoreCase));
        if (column is null && names.Count != 1)
        {
            throw new QueryResultException($"the query returns {names.Count} columns ({string.Join(", ", names)}): name each one to judge under \"columns\"");
        }

        if (index < 0)
        {
            throw new QueryResultException($"the query returns no column {column} (it returns {string.Join(", ", names)})");
        }

        return row[index] switch
        {
            null or DBNull => MeasuredValue.Missing,

            // NaN and the infinities are not NULL, and no bound can judge them: say which one it was.
            double or float when Convert.ToDouble(row[index], CultureInfo.InvariantCulture) is var real && !double.IsFinite(real) =>
                throw new QueryResultException($"column {names[index]} of the query is {real.ToString(CultureInfo.InvariantCulture)}, not a number a threshold can judge"),
            bool flag => MeasuredValue.Number(flag ? 1 : 0),
            BigInteger big => MeasuredValue.Number((double)big),
            sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal => MeasuredValue.Number(Convert.ToDouble(row[index], CultureInfo.InvariantCulture)),
            var other => throw new QueryResultException($"column {names[index]} of the query holds a {other.GetType().Name}, not a number"),
        };
    }
}
