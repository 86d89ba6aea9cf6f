using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>The newest time through a secondary index sorted by it: one <c>Query ScanIndexForward=false Limit=1</c> per partition key value.</summary>
internal sealed class IndexQuery(BudgetedReader reader, DynamoDbSourceDefinition source)
{
    /// <summary>The newest time over all partition key values, as epoch microseconds, and a note on how it was read.</summary>
    public async Task<(long? Newest, string Note)> NewestAsync(TableDescription table, Measure measure, ReadMeter meter, CancellationToken cancellationToken)
    {
        var lookup = DynamoDbOptions.Of(measure).Index!;
        var format = DynamoDbOptions.Of(measure).Format;
        var (partitionKey, sortKey, isGlobal) = KeysOf(table, lookup.Name);
        if (sortKey is null || sortKey != measure.Column)
        {
            throw new InvalidOperationException($"index \"{lookup.Name}\" of table \"{table.TableName}\" sorts by \"{sortKey ?? "nothing"}\", not by \"{measure.Column}\": the newest item cannot be read from it");
        }

        var keyType = (table.AttributeDefinitions ?? []).FirstOrDefault(a => a.AttributeName == partitionKey)?.AttributeType?.Value ?? "S";
        long? newest = null;
        var unreadable = 0;
        foreach (var value in lookup.PartitionKeyValues)
        {
            var request = new QueryRequest
            {
                TableName = table.TableName,
                IndexName = lookup.Name,
                KeyConditionExpression = "#pk = :pk",
                ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#pk"] = partitionKey, ["#t"] = sortKey },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [":pk"] = keyType == "N" ? new AttributeValue { N = value } : new AttributeValue { S = value } },
                ProjectionExpression = "#t",
                ScanIndexForward = false,
                Limit = 1,

                // Global secondary indexes refuse strongly consistent reads.
                ConsistentRead = source.ConsistentRead && !isGlobal,
                ReturnConsumedCapacity = Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL,
            };
            var response = await reader.QueryAsync(request, request.ConsistentRead == true ? 1 : 0.5, meter, cancellationToken).ConfigureAwait(false);
            if (response.Items is [var item, ..])
            {
                if (TimeValues.TryEpochMicros(item.GetValueOrDefault(sortKey), format, out var micros))
                {
                    newest = Math.Max(newest ?? long.MinValue, micros);
                }
                else
                {
                    unreadable++;
                }
            }
        }

        var note = $"newest {measure.Column} from index {lookup.Name}: one Query per partition key value ({lookup.PartitionKeyValues.Count})";
        if (unreadable > 0)
        {
            note += $"; {unreadable} newest item(s) had {measure.Column} not in {TimeValues.Name(format)} and were ignored";
        }

        return (newest, note);
    }

    private static (string PartitionKey, string? SortKey, bool IsGlobal) KeysOf(TableDescription table, string index)
    {
        if ((table.GlobalSecondaryIndexes ?? []).FirstOrDefault(i => i.IndexName == index) is { } global)
        {
            return (Key(global.KeySchema, "HASH")!, Key(global.KeySchema, "RANGE"), true);
        }

        if ((table.LocalSecondaryIndexes ?? []).FirstOrDefault(i => i.IndexName == index) is { } local)
        {
            return (Key(local.KeySchema, "HASH")!, Key(local.KeySchema, "RANGE"), false);
        }

        throw new InvalidOperationException($"table \"{table.TableName}\" has no index \"{index}\"");
    }

    private static string? Key(List<KeySchemaElement>? schema, string type) =>
        (schema ?? []).FirstOrDefault(k => k.KeyType?.Value == type)?.AttributeName;
}
