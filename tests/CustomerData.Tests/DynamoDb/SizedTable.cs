using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Sources.DynamoDb;

namespace CustomerData.Tests.DynamoDb;

/// <summary>
/// A dynalite table of 1,200 items of exactly 2,900 bytes each (attribute names plus string values, as DynamoDB sizes
/// items), and DescribeTable answers that report its size as DynamoDB does (dynalite always reports 0 items, 0 bytes).
/// </summary>
internal static class SizedTable
{
    public const string Name = "plan_sized";
    public const int Count = 1_200;
    public const int ItemBytes = 2_900;

    private static readonly Lazy<Task<Dynalite>> Loaded = new(LoadAsync);

    public static long TableBytes => (long)Count * ItemBytes;

    public static Task<Dynalite> ReadyAsync() => Loaded.Value;

    private static async Task<Dynalite> LoadAsync()
    {
        var dynalite = await Dynalite.RequireAsync();
        await ProfilesTable.CreateAsync(dynalite.Client, new CreateTableRequest
        {
            TableName = Name,
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            ProvisionedThroughput = new ProvisionedThroughput(10_000, 10_000),
        });

        // "id" (2) + "s00042" (6) + "pad" (3) + 2,889 characters: 2,900 bytes.
        var items = Enumerable.Range(0, Count).Select(i => new Dictionary<string, AttributeValue>
        {
            ["id"] = new() { S = $"s{i:D5}" },
            ["pad"] = new() { S = new string('x', ItemBytes - 2 - 6 - 3) },
        });
        await Parallel.ForEachAsync(items.Chunk(25), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
        {
            var pending = new Dictionary<string, List<WriteRequest>> { [Name] = [.. chunk.Select(item => new WriteRequest(new PutRequest(item)))] };
            while (pending.Count > 0)
            {
                var response = await dynalite.Client.BatchWriteItemAsync(new BatchWriteItemRequest(pending), ct);
                pending = response.UnprocessedItems is { Count: > 0 } left ? left : [];
            }
        });
        return dynalite;
    }

    /// <summary>Clients as production builds them (dummy credentials), whose DescribeTable of this table reports its real size.</summary>
    public static IDynamoDbClientFactory Clients(WireLog wire) => new TestClients(new Statistics { InnerHandler = wire });

    // On the wire, between the SDK and dynalite: DescribeTable of this table gets the ItemCount and TableSizeBytes DynamoDB would report.
    private sealed class Statistics : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!request.Headers.GetValues("X-Amz-Target").Single().EndsWith(".DescribeTable", StringComparison.Ordinal) || !response.IsSuccessStatusCode)
            {
                return response;
            }

            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            if (answer["Table"]?["TableName"]?.GetValue<string>() == Name)
            {
                answer["Table"]!["ItemCount"] = Count;
                answer["Table"]!["TableSizeBytes"] = TableBytes;
            }

            // The SDK checks a body against the CRC32 header when one is sent; this body is rewritten, so the header goes.
            response.Headers.Remove("x-amz-crc32");
            var type = response.Content.Headers.ContentType;
            response.Content = JsonContent.Create(answer);
            response.Content.Headers.ContentType = type;
            return response;
        }
    }
}
