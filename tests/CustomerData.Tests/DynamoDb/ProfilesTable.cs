using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CustomerData.Tests.DynamoDb;

/// <summary>The data sets the DynamoDB tests read, generated from a seed so every expected value is computed here, independently of the source.</summary>
internal static class ProfilesTable
{
    public const string Name = "profiles";
    public const string Empty = "empty_profiles";
    public const int Count = 3_000;

    /// <summary>The instant the tests run at; every time attribute lies before it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 20, 0, TimeSpan.Zero);

    private static readonly Lazy<Task<Dynalite>> Loaded = new(LoadAsync);

    public static IReadOnlyList<Profile> Rows { get; } = Generate();

    /// <summary>One item as generated. Email is "" for an attribute of type NULL and null when absent; CreatedIsText marks created_s written as ISO text instead of epoch seconds (a broken writer).</summary>
    public sealed record Profile(string Id, string Region, DateTimeOffset Updated, DateTimeOffset Created, bool CreatedIsText, bool InSparseIndex, string? Email, int PaddingBytes);

    /// <summary>dynalite with the tables loaded (once per test run).</summary>
    public static Task<Dynalite> ReadyAsync() => Loaded.Value;

    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static List<Profile> Generate()
    {
        var random = new Random(20261126);
        var rows = new List<Profile>(Count);
        for (var i = 0; i < Count; i++)
        {
            var updated = Now.AddMilliseconds(-random.NextInt64((long)TimeSpan.FromHours(72).TotalMilliseconds) - 60_000);
            var created = updated.AddSeconds(-random.Next(0, 30 * 86_400)).AddMilliseconds(-updated.Millisecond);
            var draw = random.NextDouble();
            var email = draw < 0.06 ? null : draw < 0.10 ? string.Empty : $"user{i}@example.com";
            rows.Add(new Profile($"p{i:D5}", ((string[])["eu", "us", "ap"])[i % 3], updated, created, i % 400 == 7, i % 5 != 0, email, random.Next(1_500, 2_500)));
        }

        return rows;
    }

    private static async Task<Dynalite> LoadAsync()
    {
        var dynalite = await Dynalite.RequireAsync();
        var client = dynalite.Client;
        await CreateAsync(client, new CreateTableRequest
        {
            TableName = Name,
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
            AttributeDefinitions =
            [
                new AttributeDefinition("id", ScalarAttributeType.S),
                new AttributeDefinition("region", ScalarAttributeType.S),
                new AttributeDefinition("updated_iso", ScalarAttributeType.S),
                new AttributeDefinition("gsi_pk", ScalarAttributeType.S),
                new AttributeDefinition("updated_ms", ScalarAttributeType.N),
            ],
            ProvisionedThroughput = new ProvisionedThroughput(10_000, 10_000),
            GlobalSecondaryIndexes =
            [
                Index("by_region_updated", "region", "updated_iso"),
                Index("by_all_updated", "gsi_pk", "updated_ms"),
            ],
        });
        await CreateAsync(client, new CreateTableRequest
        {
            TableName = Empty,
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            ProvisionedThroughput = new ProvisionedThroughput(10, 10),
        });

        // BatchWriteItem takes 25 items a request; a few requests in flight keep loading to seconds.
        await Parallel.ForEachAsync(Rows.Chunk(25), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
        {
            var writes = chunk.Select(row => new WriteRequest(new PutRequest(Item(row)))).ToList();
            var pending = new Dictionary<string, List<WriteRequest>> { [Name] = writes };
            while (pending.Count > 0)
            {
                var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest(pending), ct);
                pending = response.UnprocessedItems is { Count: > 0 } left ? left : [];
            }
        });
        return dynalite;
    }

    private static Dictionary<string, AttributeValue> Item(Profile row)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["id"] = new() { S = row.Id },
            ["region"] = new() { S = row.Region },
            ["updated_ms"] = new() { N = row.Updated.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            ["updated_iso"] = new() { S = Iso(row.Updated) },
            ["created_s"] = row.CreatedIsText ? new() { S = Iso(row.Created) } : new() { N = row.Created.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            ["padding"] = new() { S = new string('x', row.PaddingBytes) },
        };
        if (row.InSparseIndex)
        {
            item["gsi_pk"] = new() { S = "all" };
        }

        if (row.Email is { Length: > 0 } email)
        {
            item["email"] = new() { S = email };
        }
        else if (row.Email is not null)
        {
            item["email"] = new() { NULL = true };
        }

        return item;
    }

    private static GlobalSecondaryIndex Index(string name, string partitionKey, string sortKey) => new()
    {
        IndexName = name,
        KeySchema = [new KeySchemaElement(partitionKey, KeyType.HASH), new KeySchemaElement(sortKey, KeyType.RANGE)],
        Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
        ProvisionedThroughput = new ProvisionedThroughput(10_000, 10_000),
    };

    // dynalite creates tables asynchronously, like DynamoDB: wait for ACTIVE before writing.
    internal static async Task CreateAsync(IAmazonDynamoDB client, CreateTableRequest request)
    {
        await client.CreateTableAsync(request);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var table = await client.DescribeTableAsync(request.TableName);
            if (table.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"table {request.TableName} never became ACTIVE");
    }
}
