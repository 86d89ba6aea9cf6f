using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>How DynamoDB answers one table measurement: table metadata, index queries, and at most one scan shared by every other measure.</summary>
internal sealed class ReadPlan
{
    private ReadPlan(TableMeasurement measurement)
    {
        Measurement = measurement;
        var measures = measurement.Measures;
        Windows = [.. measures.Select(m => m.Scope.Window is { } window ? new WindowFilter(window, DynamoDbOptions.Of(m).Format) : null)];
        for (var i = 0; i < measures.Count; i++)
        {
            var measure = measures[i];
            if (measure.Scope.Filter is not null)
            {
                throw new NotSupportedException("DynamoDB sources take no SQL \"filter\"");
            }

            switch (measure.Function)
            {
                case MeasureFunction.MetadataRowCount when measure.Scope.IsAll:
                    Metadata.Add(i);
                    break;
                case MeasureFunction.NewestEpochMicros when DynamoDbOptions.Of(measure).Index is not null:
                    Indexed.Add(i);
                    break;
                case MeasureFunction.RowCount or MeasureFunction.NewestEpochMicros or MeasureFunction.Sum:
                    Scanned.Add(i);
                    break;
                case MeasureFunction.Columns when measure.Scope.IsAll:
                    Attributes.Add(i);
                    break;
                default:
                    throw new NotSupportedException($"DynamoDB cannot answer {measure.Function} with {measure.Scope}: its table metadata holds only an item count for the whole table");
            }
        }

        Shape = Scanned.Count == 0 ? ScanShape.None
            : Scanned.All(i => measures[i] is { Function: MeasureFunction.RowCount, Scope.NullColumn: null } && DynamoDbOptions.Of(measures[i]).Sample is null && measures[i].Scope == measures[Scanned[0]].Scope) ? ScanShape.Count
            : Scanned.All(i => DynamoDbOptions.Of(measures[i]).Sample is not null) ? ScanShape.Sample
            : ScanShape.Items;
        SampleSize = Shape == ScanShape.Sample ? Scanned.Max(i => DynamoDbOptions.Of(measures[i]).Sample!.Value) : 0;
        foreach (var attribute in Scanned.SelectMany(i => new[] { measures[i].Scope.Window?.Column, measures[i].Scope.NullColumn, measures[i].Function is MeasureFunction.NewestEpochMicros or MeasureFunction.Sum ? measures[i].Column : null }))
        {
            if (attribute is not null && !Names.ContainsKey(attribute))
            {
                Names.Add(attribute, "#a" + Names.Count);
            }
        }
    }

    public TableMeasurement Measurement { get; }

    public List<int> Metadata { get; } = [];

    public List<int> Indexed { get; } = [];

    public List<int> Scanned { get; } = [];

    /// <summary>Schema measures: the attributes of a bounded sample of items.</summary>
    public List<int> Attributes { get; } = [];

    public ScanShape Shape { get; }

    /// <summary>The largest sample any sampled measure asks for.</summary>
    public int SampleSize { get; }

    /// <summary>Attribute name to expression placeholder, for every attribute the scan looks at.</summary>
    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>Each measure's window as DynamoDB filters it, by measure index; null without a window.</summary>
    public IReadOnlyList<WindowFilter?> Windows { get; }

    public static ReadPlan Of(TableMeasurement measurement) => new(measurement);

    /// <summary>The scan request every page starts from (without segment, limit and start key).</summary>
    public ScanRequest ScanTemplate(bool consistentRead)
    {
        var request = new ScanRequest
        {
            TableName = Measurement.Table,
            ConsistentRead = consistentRead,
            ReturnConsumedCapacity = Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL,
        };
        if (Names.Count > 0)
        {
            request.ExpressionAttributeNames = Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
        }

        if (Shape == ScanShape.Count)
        {
            request.Select = Amazon.DynamoDBv2.Select.COUNT;
            if (Windows[Scanned[0]] is { } window)
            {
                request.FilterExpression = $"{Names[window.Attribute]} >= :start AND {Names[window.Attribute]} < :end";
                request.ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [":start"] = window.Start, [":end"] = window.End };
            }
        }
        else if (Names.Count > 0)
        {
            // Projection does not lower the read units (DynamoDB charges the whole item) but keeps
            // the bytes on the wire to the attributes the measures look at.
            request.ProjectionExpression = string.Join(", ", Names.Values);
        }
        else
        {
            request.Select = Amazon.DynamoDBv2.Select.COUNT;
        }

        return request;
    }
}
