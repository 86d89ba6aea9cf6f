using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>
/// A schema check on DynamoDB: items carry their own attributes, so the "columns" are the attributes seen in a bounded
/// sample, the first <see cref="SchemaSample"/> items a scan returns (one page, through the read budget), each with the
/// DynamoDB type it holds (S, N, B, BOOL, NULL, M, L, SS, NS, BS; "N|S" when items disagree). Only names and types are
/// kept: no value leaves the source.
/// </summary>
internal sealed partial class DynamoDbSource
{
    /// <summary>How many items a schema check reads.</summary>
    public const int SchemaSample = 100;

    /// <summary>DynamoDB's type codes, and the words checks.json may use for them.</summary>
    public static TypeNames AttributeTypes { get; } = new(new Dictionary<string, string[]>
    {
        ["S"] = ["STRING"],
        ["N"] = ["NUMBER"],
        ["B"] = ["BINARY"],
        ["BOOL"] = ["BOOLEAN"],
        ["M"] = ["MAP"],
        ["L"] = ["LIST"],
        ["SS"] = ["STRING SET"],
        ["NS"] = ["NUMBER SET"],
        ["BS"] = ["BINARY SET"],
    });

    private async Task<(ColumnsValue Attributes, string Note)> SampleAttributesAsync(string table, BudgetedReader reader, ReadMeter meter, CancellationToken cancellationToken)
    {
        var scan = new ScanRequest
        {
            TableName = table,
            ConsistentRead = _definition.ConsistentRead,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            Limit = SchemaSample,
        };
        var types = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var items = 0;
        do
        {
            scan.Limit = SchemaSample - items;
            var page = await reader.ScanAsync(scan, scan.Limit.Value * (_definition.ConsistentRead ? 1.0 : 0.5), meter, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                items++;
                foreach (var (name, value) in item)
                {
                    if (!types.TryGetValue(name, out var seen))
                    {
                        types[name] = seen = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    seen.Add(TypeOf(value));
                }
            }

            scan.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (scan.ExclusiveStartKey is not null && items < SchemaSample);

        var columns = types.Select(pair => new ColumnType(pair.Key, string.Join('|', pair.Value))).ToList();
        var note = string.Create(CultureInfo.InvariantCulture, $"attributes of the first {items:#,0} items a scan returned (at most {SchemaSample}): an attribute no sampled item holds is not seen");
        return (new ColumnsValue(columns) { Types = AttributeTypes }, note);
    }

    private static string TypeOf(AttributeValue value) =>
        value.S is not null ? "S"
        : value.N is not null ? "N"
        : value.B is not null ? "B"
        : value.IsBOOLSet ? "BOOL"
        : value.NULL == true ? "NULL"
        : value.IsMSet ? "M"
        : value.IsLSet ? "L"
        : value.SS is { Count: > 0 } ? "SS"
        : value.NS is { Count: > 0 } ? "NS"
        : value.BS is { Count: > 0 } ? "BS"
        : "?";
}
