using System.Data.Common;
using System.Globalization;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Sql;

/// <summary>Collects a grouped statement's rows (bucket index, then one count per series) into one series per measure.</summary>
public sealed class SeriesRows(SqlStatement statement)
{
    private readonly BucketGrid _grid = statement.Grid ?? throw new InvalidOperationException("not a grouped statement");
    private readonly double[,] _counts = new double[statement.MeasureIndexes.Count, statement.Grid!.Count];
    private long _oldest = -1;

    /// <summary>Takes the reader's current row.</summary>
    public void Add(DbDataReader reader) =>
        Add(reader.GetValue(0), column => reader.IsDBNull(column) ? null : reader.GetValue(column));

    /// <summary>Takes a row given by its cells (bucket index first; a NULL count reads 0), as a REST source decodes it.</summary>
    public void Add(object? bucket, Func<int, object?> cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var index = Convert.ToInt64(bucket, CultureInfo.InvariantCulture);
        if (index < 0 || index >= _grid.Count)
        {
            return; // Outside the span: the WHERE clause keeps none.
        }

        _oldest = Math.Max(_oldest, index);

        for (var column = 0; column < statement.MeasureIndexes.Count; column++)
        {
            _counts[column, index] = cell(column + 1) is { } count ? Convert.ToDouble(count, CultureInfo.InvariantCulture) : 0;
        }
    }

    /// <summary>
    /// The buckets of the grid from the oldest holding any row of the span (before it the table had no data, which is
    /// not the same as a count of 0), oldest first; a later bucket with no rows counts 0.
    /// </summary>
    public void WriteTo(MeasuredValue[] values)
    {
        var count = (int)(_oldest + 1);
        for (var column = 0; column < statement.MeasureIndexes.Count; column++)
        {
            var points = new SeriesPoint[count];
            for (var index = 0; index < count; index++)
            {
                points[count - 1 - index] = new SeriesPoint(_grid.StartOf(index), _counts[column, index]);
            }

            values[statement.MeasureIndexes[column]] = new SeriesValue(_grid.Width, points);
        }
    }
}
