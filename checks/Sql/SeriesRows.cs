using System.Data.Common;
using System.Globalization;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Sql;

/// <summary>Reads a grouped statement's rows (bucket index, then one count per series) into one series per measure.</summary>
public static class SeriesRows
{
    /// <summary>Every bucket of the grid is present, oldest first; a bucket with no rows counts 0.</summary>
    public static void Read(DbDataReader reader, SqlStatement statement, MeasuredValue[] values)
    {
        var grid = statement.Grid ?? throw new InvalidOperationException("not a grouped statement");
        var counts = new double[statement.MeasureIndexes.Count, grid.Count];
        while (reader.Read())
        {
            var index = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            if (index < 0 || index >= grid.Count)
            {
                continue; // Outside the span (the WHERE clause keeps none; a clock-skewed column value at the edge).
            }

            for (var column = 0; column < statement.MeasureIndexes.Count; column++)
            {
                counts[column, index] = reader.IsDBNull(column + 1) ? 0 : Convert.ToDouble(reader.GetValue(column + 1), CultureInfo.InvariantCulture);
            }
        }

        for (var column = 0; column < statement.MeasureIndexes.Count; column++)
        {
            var points = new SeriesPoint[grid.Count];
            for (var index = 0; index < grid.Count; index++)
            {
                points[grid.Count - 1 - index] = new SeriesPoint(grid.StartOf(index), counts[column, index]);
            }

            values[statement.MeasureIndexes[column]] = new SeriesValue(grid.Width, points);
        }
    }
}
