using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>The rows of a grouped statement (a learned threshold's training series) read into series values.</summary>
internal sealed partial class BigQuerySource
{
    // A training series: a row per bucket (bucket index, then one count per series). The statement's own indexes count
    // within the scanned measures; indexes maps them back to the slice's.
    private static void ReadSeries(SqlStatement statement, QueryResult result, int scanned, IReadOnlyList<int> indexes, Dictionary<int, Values.MeasuredValue> typed)
    {
        var series = new SeriesRows(statement);
        foreach (var row in result.Rows)
        {
            series.Add(row[0], column => row[column]);
        }

        var buckets = new Values.MeasuredValue[scanned];
        series.WriteTo(buckets);
        for (var k = 0; k < indexes.Count; k++)
        {
            typed[indexes[k]] = buckets[statement.MeasureIndexes[k]];
        }
    }
}
