using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>The requests a measurement makes, written as AWS CLI commands one can run by hand (the monitor pages and splits them itself).</summary>
internal static class RequestText
{
    public static IReadOnlyList<string> Describe(ReadPlan plan, DynamoDbSourceDefinition source)
    {
        var table = plan.Measurement.Table;
        var endpoint = source.Endpoint is null ? string.Empty : " --endpoint-url " + Quote(source.Endpoint);
        var region = " --region " + Quote(source.Region);
        var requests = new List<string> { $"aws dynamodb describe-table --table-name {Quote(table)}{region}{endpoint}" };
        foreach (var i in plan.Indexed)
        {
            var measure = plan.Measurement.Measures[i];
            var lookup = DynamoDbOptions.Of(measure).Index!;
            var values = string.Join(", ", lookup.PartitionKeyValues.Select(v => Json(v)));
            requests.Add(
                $"# newest {Comment(measure.Column!)}: one query per partition key value of index {Comment(lookup.Name)} ({ShellText.Inline(values)}); <partition key> is the index's, :pk is N for a numeric key\n"
                + $"aws dynamodb query --table-name {Quote(table)} --index-name {Quote(lookup.Name)} --key-condition-expression '#pk = :pk'"
                + $" --expression-attribute-names {Quote(Json(new Dictionary<string, string> { ["#pk"] = "<partition key>", ["#t"] = measure.Column! }))}"
                + $" --expression-attribute-values {Quote(Json(new Dictionary<string, object> { [":pk"] = new Dictionary<string, string> { ["S"] = lookup.PartitionKeyValues.Count > 0 ? lookup.PartitionKeyValues[0] : string.Empty } }))}"
                + $" --projection-expression '#t' --no-scan-index-forward --limit 1 --return-consumed-capacity TOTAL{region}{endpoint}");
        }

        if (plan.Shape != ScanShape.None)
        {
            requests.Add(Scan(plan, source) + region + endpoint);
        }

        return requests;
    }

    private static string Scan(ReadPlan plan, DynamoDbSourceDefinition source)
    {
        var request = plan.ScanTemplate(source.ConsistentRead);
        var parallelism = Math.Max(1, source.ScanSegments);
        var comment = plan.Shape == ScanShape.Sample
            ? string.Create(CultureInfo.InvariantCulture, $"# a sample of about {plan.SampleSize:#,0} items: the first items of each of {TableScan.SegmentsFor(plan, source)} segments, {parallelism} at a time")
            : string.Create(CultureInfo.InvariantCulture, $"# one scan for {plan.Scanned.Count} measure(s), read as {parallelism} parallel segments");
        if (plan.Shape == ScanShape.Items && plan.Scanned.Any(i => DynamoDbOptions.Of(plan.Measurement.Measures[i]).Sample is not null))
        {
            comment += " (it reads every item anyway, so the sampled measures are answered exactly)";
        }

        comment += string.Create(CultureInfo.InvariantCulture, $", within {source.MaxReadUnitsPerSecond:0.##} read units per second shared by the source");
        var text = new StringBuilder(comment).Append('\n').Append("aws dynamodb scan --table-name ").Append(Quote(request.TableName));
        if (request.Select is not null)
        {
            text.Append(" --select ").Append(request.Select.Value);
        }

        if (request.ProjectionExpression is { } projection)
        {
            text.Append(" --projection-expression ").Append(Quote(projection));
        }

        if (request.FilterExpression is { } filter)
        {
            text.Append(" --filter-expression ").Append(Quote(filter));
        }

        if (request.ExpressionAttributeNames is { Count: > 0 } names)
        {
            text.Append(" --expression-attribute-names ").Append(Quote(Json(names)));
        }

        if (request.ExpressionAttributeValues is { Count: > 0 } values)
        {
            text.Append(" --expression-attribute-values ").Append(Quote(Json(values.ToDictionary(v => v.Key, v => Typed(v.Value)))));
        }

        if (request.ConsistentRead == true)
        {
            text.Append(" --consistent-read");
        }

        return text.Append(" --return-consumed-capacity TOTAL").ToString();
    }

    private static Dictionary<string, string> Typed(AttributeValue value) =>
        value.S is not null ? new() { ["S"] = value.S } : new() { ["N"] = value.N ?? "0" };

    // Relaxed escaping keeps "<" readable; the text sits in single quotes, where nothing else is special to the shell.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, Readable);

    // Every value from checks.json is quoted; the SDK's own constants (COUNT, TOTAL) are not.
    private static string Quote(string text) => ShellText.Quote(text);

    // A name in a comment line: quoted like an argument, and on one line, so it cannot end the comment.
    private static string Comment(string text) => ShellText.Quote(ShellText.Inline(text));
}
