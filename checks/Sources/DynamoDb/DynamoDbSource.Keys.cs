using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>
/// Key samples and lookups for a reconciliation, through the source's read budget: a sample is one sequential scan of
/// the key (and the window's attribute) that stops at the sample size or after reading 100 items per key asked for;
/// a lookup is BatchGetItem on the table's partition key, 100 keys a request, unprocessed keys sent again.
/// </summary>
internal sealed partial class DynamoDbSource : IKeySource
{
    private const int ScannedPerKey = 100;
    private const int BatchKeys = 100;

    public async Task<KeyRead> SampleKeysAsync(KeySampleRequest request, CancellationToken cancellationToken)
    {
        var reader = new BudgetedReader(_client.Value, _budget, _retry);
        var meter = new ReadMeter();
        var scan = new ScanRequest
        {
            TableName = request.Table,
            ConsistentRead = _definition.ConsistentRead,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            ProjectionExpression = "#k",
            ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#k"] = request.KeyColumn },
        };
        if (Window(request.Scope, request.TimeFormat) is { } window)
        {
            scan.ExpressionAttributeNames["#t"] = window.Attribute;
            scan.FilterExpression = "#t >= :start AND #t < :end";
            scan.ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [":start"] = window.Start, [":end"] = window.End };
        }

        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unitFactor = _definition.ConsistentRead ? 1.0 : 0.5;
        var unitsPerItem = unitFactor;
        long scanned = 0, bound = (long)request.Limit * ScannedPerKey;
        var pages = 0;
        do
        {
            // A page reads about one second of budget, and never past the bound.
            scan.Limit = (int)Math.Clamp(Math.Min(Math.Floor(Math.Max(_budget.UnitsPerSecond, 0.5) / unitsPerItem), bound - scanned), 1, 1000);
            var page = await reader.ScanAsync(scan, Math.Min(scan.Limit.Value * unitsPerItem, 256 * unitFactor), meter, cancellationToken).ConfigureAwait(false);
            pages++;
            scanned += page.ScannedCount ?? 0;
            if (page.ScannedCount is > 0 && page.ConsumedCapacity?.CapacityUnits is { } units)
            {
                unitsPerItem = Math.Max(units / page.ScannedCount.Value, 0.001);
            }

            foreach (var item in page.Items ?? [])
            {
                if (keys.Count < request.Limit && Text(item.GetValueOrDefault(request.KeyColumn)) is { } key && seen.Add(key))
                {
                    keys.Add(key);
                }
            }

            scan.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (scan.ExclusiveStartKey is not null && keys.Count < request.Limit && scanned < bound);

        var cut = keys.Count < request.Limit && scan.ExclusiveStartKey is not null
            ? string.Create(CultureInfo.InvariantCulture, $"the scan stopped after reading {scanned:#,0} items, {ScannedPerKey} per key asked for")
            : null;
        var described = string.Create(CultureInfo.InvariantCulture, $"scan {request.Table} projecting {request.KeyColumn}{(scan.FilterExpression is null ? string.Empty : " filtered to the window")}: {pages} page(s), {scanned:#,0} items read");
        return new KeyRead(keys, [described]) { ReadUnits = meter.Units, Note = cut };
    }

    public async Task<KeyRead> FindKeysAsync(KeyLookupRequest request, CancellationToken cancellationToken)
    {
        var table = await DescribeTableAsync(request.Table, cancellationToken).ConfigureAwait(false);
        if (table.KeySchema is not { Count: 1 } schema || schema[0].AttributeName != request.KeyColumn)
        {
            var key = string.Join(" + ", (table.KeySchema ?? []).Select(k => k.AttributeName));
            throw new NotSupportedException($"keys.right must be the partition key of DynamoDB table \"{request.Table}\", whose whole key is {key}");
        }

        var type = table.AttributeDefinitions?.FirstOrDefault(a => a.AttributeName == request.KeyColumn)?.AttributeType ?? ScalarAttributeType.S;
        var window = Window(request.Scope, request.TimeFormat);
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["#k"] = request.KeyColumn };
        if (window is not null)
        {
            names["#t"] = window.Attribute;
        }

        var reader = new BudgetedReader(_client.Value, _budget, _retry);
        var meter = new ReadMeter();
        var found = new List<string>();
        var requests = 0;
        // A key that cannot be of the table's key type cannot be there.
        var asked = request.Keys.Distinct(StringComparer.Ordinal).Select(k => (Key: k, Value: Typed(k, type))).Where(k => k.Value is not null).ToList();
        foreach (var chunk in asked.Chunk(BatchKeys))
        {
            var pending = new KeysAndAttributes
            {
                Keys = [.. chunk.Select(k => new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [request.KeyColumn] = k.Value! })],
                ProjectionExpression = window is null ? "#k" : "#k, #t",
                ExpressionAttributeNames = names,
                ConsistentRead = _definition.ConsistentRead,
            };
            while (pending.Keys.Count > 0)
            {
                var batch = new BatchGetItemRequest
                {
                    RequestItems = new Dictionary<string, KeysAndAttributes>(StringComparer.Ordinal) { [request.Table] = pending },
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                };
                var response = await reader.BatchGetAsync(batch, pending.Keys.Count * (_definition.ConsistentRead ? 1.0 : 0.5), meter, cancellationToken).ConfigureAwait(false);
                requests++;
                foreach (var item in response.Responses?.GetValueOrDefault(request.Table) ?? [])
                {
                    if ((window is null || window.Contains(item.GetValueOrDefault(window.Attribute))) && Text(item.GetValueOrDefault(request.KeyColumn)) is { } key)
                    {
                        found.Add(key);
                    }
                }

                pending = response.UnprocessedKeys?.GetValueOrDefault(request.Table) is { Keys.Count: > 0 } left ? left : new KeysAndAttributes { Keys = [] };
            }
        }

        var described = string.Create(CultureInfo.InvariantCulture, $"BatchGetItem {request.Table} on {request.KeyColumn}: {asked.Count:#,0} keys in {requests} request(s)");
        return new KeyRead(found, [described]) { ReadUnits = meter.Units };
    }

    private static WindowFilter? Window(RowScope scope, TimeFormat? format)
    {
        if (scope.Filter is not null)
        {
            throw new NotSupportedException("DynamoDB sources take no SQL \"filter\"");
        }

        return scope.Window is { } window ? new WindowFilter(window, format ?? TimeFormat.Iso8601) : null;
    }

    private static string? Text(AttributeValue? value) => value?.S ?? value?.N;

    private static AttributeValue? Typed(string key, ScalarAttributeType type) =>
        type == ScalarAttributeType.N
            ? decimal.TryParse(key, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? new AttributeValue { N = key } : null
            : type == ScalarAttributeType.S ? new AttributeValue { S = key } : null;
}
