using System.Text.Json.Nodes;

namespace CustomerData.Tests.Alerting.Slack;

/// <summary>Reads Slack messages as delivered to the loopback webhook, and holds them to Block Kit's limits.</summary>
internal static class SlackPayloads
{
    /// <summary>Every text of the message in order: header, section text, fields, context elements.</summary>
    public static IReadOnlyList<string> Texts(string payload) =>
        [.. JsonNode.Parse(payload)!["blocks"]!.AsArray().SelectMany(TextsOf)];

    /// <summary>The limits Slack enforces: a message past one is refused (invalid_blocks, msg_blocks_too_long) or cut.</summary>
    public static void AssertWithinLimits(string payload)
    {
        var message = JsonNode.Parse(payload)!.AsObject();
        Assert.IsLessThanOrEqualTo(40_000, ((string)message["text"]!).Length, "top-level text");
        var blocks = message["blocks"]!.AsArray();
        Assert.IsLessThanOrEqualTo(50, blocks.Count, "blocks");
        foreach (var block in blocks.Select(b => b!.AsObject()))
        {
            var type = (string)block["type"]!;
            if (block["text"] is { } text)
            {
                Assert.IsLessThanOrEqualTo(type == "header" ? 150 : 3_000, ((string)text["text"]!).Length, type + " text");
            }

            if (block["fields"] is JsonArray fields)
            {
                Assert.IsLessThanOrEqualTo(10, fields.Count, "fields");
                Assert.IsTrue(fields.All(f => ((string)f!["text"]!).Length <= 2_000), "field text");
            }

            if (block["elements"] is JsonArray elements)
            {
                Assert.IsLessThanOrEqualTo(10, elements.Count, "context elements");
                Assert.IsTrue(elements.All(e => ((string)e!["text"]!).Length <= 3_000), "context text");
            }
        }

        Assert.IsLessThanOrEqualTo(12_000, blocks.SelectMany(TextsOf).Sum(t => t.Length), "block text in all");
    }

    /// <summary>A whole message as Slack should receive it, for exact comparison with <see cref="JsonNode.DeepEquals"/>.</summary>
    public static JsonObject Message(string text, params JsonObject[] blocks) => new() { ["text"] = text, ["blocks"] = new JsonArray(blocks) };

    public static JsonObject Header(string text) => new() { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text } };

    public static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = Mrkdwn(text) };

    public static JsonObject Fields(params string[] texts) => new() { ["type"] = "section", ["fields"] = new JsonArray([.. texts.Select(Mrkdwn)]) };

    public static JsonObject Context(params string[] texts) => new() { ["type"] = "context", ["elements"] = new JsonArray([.. texts.Select(Mrkdwn)]) };

    public static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    /// <summary>Fails with both messages when the delivered payload is not exactly the expected one.</summary>
    public static void AssertPayload(JsonObject expected, string actual) =>
        Assert.IsTrue(JsonNode.DeepEquals(expected, JsonNode.Parse(actual)), $"expected\n{expected.ToJsonString()}\nbut Slack got\n{JsonNode.Parse(actual)!.ToJsonString()}");

    private static IEnumerable<string> TextsOf(JsonNode? block)
    {
        if ((string?)block!["text"]?["text"] is { } text)
        {
            yield return text;
        }

        foreach (var item in (block["fields"] as JsonArray ?? []).Concat(block["elements"] as JsonArray ?? []))
        {
            yield return (string)item!["text"]!;
        }
    }
}
