using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CustomerData.Tests.DynamoDb;

/// <summary>Sits between the SDK and dynalite: records every request as it went over the wire, and can refuse some as DynamoDB does when it throttles.</summary>
internal sealed class WireLog : DelegatingHandler
{
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _refusals;

    public WireLog(int refuseFirstScans = 0, string refusal = "ProvisionedThroughputExceededException")
    {
        InnerHandler = new SocketsHttpHandler();
        _refusals = refuseFirstScans;
        Refusal = refusal;
    }

    public string Refusal { get; }

    /// <summary>One request: its operation, when it left and came back (since the log started), what it asked, and what DynamoDB said it cost.</summary>
    public sealed record Call(string Operation, TimeSpan Sent, TimeSpan Answered, int Status, JsonElement Request, double? Units, long? Scanned);

    public IReadOnlyList<Call> Calls => [.. _calls.OrderBy(c => c.Sent)];

    public IReadOnlyList<Call> Of(string operation) => [.. Calls.Where(c => c.Operation == operation)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = request.Headers.GetValues("X-Amz-Target").Single().Split('.')[1];
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (request.Content is not null)
        {
            request.Content = Copy(body, request.Content);
        }

        var sent = _clock.Elapsed;
        using var requestJson = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        if (operation == "Scan" && Interlocked.Decrement(ref _refusals) >= 0)
        {
            _calls.Enqueue(new Call(operation, sent, _clock.Elapsed, 400, requestJson.RootElement.Clone(), null, null));
            return new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent($$"""{"__type":"com.amazonaws.dynamodb.v20120810#{{Refusal}}","message":"Rate of requests exceeds the allowed throughput."}""", Encoding.UTF8, "application/x-amz-json-1.0"),
            };
        }

        var response = await base.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        response.Content = Copy(answer, response.Content);
        double? units = null;
        long? scanned = null;
        if (response.IsSuccessStatusCode && answer.Length > 0)
        {
            using var json = JsonDocument.Parse(answer);
            if (json.RootElement.TryGetProperty("ConsumedCapacity", out var consumed) && consumed.ValueKind == JsonValueKind.Object && consumed.TryGetProperty("CapacityUnits", out var capacity))
            {
                units = capacity.GetDouble();
            }
            else if (consumed.ValueKind == JsonValueKind.Array)
            {
                // BatchGetItem answers one entry per table.
                units = consumed.EnumerateArray().Sum(table => table.TryGetProperty("CapacityUnits", out var each) ? each.GetDouble() : 0);
            }

            if (json.RootElement.TryGetProperty("ScannedCount", out var count))
            {
                scanned = count.GetInt64();
            }
        }

        _calls.Enqueue(new Call(operation, sent, _clock.Elapsed, (int)response.StatusCode, requestJson.RootElement.Clone(), units, scanned));
        return response;
    }

    private static ByteArrayContent Copy(byte[] bytes, HttpContent original)
    {
        var copy = new ByteArrayContent(bytes);
        foreach (var header in original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return copy;
    }
}
