using System.Text.Json.Nodes;

namespace CustomerData.Alerts.Slack;

/// <summary>
/// Cuts a rendered message down to Block Kit's limits (header 150 characters, section text 3,000, ten fields
/// of 2,000, ten context elements, fifty blocks, and about 12,000 characters of block text in all), marking every cut,
/// so a 10 KB error never gets a message refused.
/// </summary>
public static class BlockKitLimits
{
    public const string Marker = "… (cut)";
    public const int HeaderText = 150;
    public const int SectionText = 3000;
    public const int Fields = 10;
    public const int FieldText = 2000;
    public const int ContextElements = 10;
    public const int Blocks = 50;
    public const int FallbackText = 3000;

    /// <summary>
    /// Block text per message. Not documented by Slack, but chat.postMessage refuses blocks past about 13,000
    /// characters in all (msg_blocks_too_long, slackapi/bolt-js#2509), so the sum stays below that.
    /// </summary>
    public const int MessageText = 12_000;

    public static void Enforce(JsonObject message)
    {
        CutText(message, "text", FallbackText);
        if (message["blocks"] is not JsonArray blocks)
        {
            return;
        }

        while (blocks.Count > Blocks)
        {
            blocks.RemoveAt(blocks.Count - 1);
        }

        foreach (var block in blocks.OfType<JsonObject>())
        {
            var type = (string?)block["type"];
            if (block["text"] is JsonObject text)
            {
                CutText(text, "text", type == "header" ? HeaderText : SectionText);
            }

            Limit(block["fields"] as JsonArray, Fields, FieldText);
            Limit(block["elements"] as JsonArray, type == "context" ? ContextElements : int.MaxValue, SectionText);
        }

        LimitTotal(blocks);
    }

    /// <summary>Cuts text to a length, never inside an HTML entity, closing a code block the cut left open.</summary>
    public static string Cut(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var cut = text[..(limit - Marker.Length - 3)];
        var amp = cut.LastIndexOf('&');
        if (amp >= 0 && cut.IndexOf(';', amp) < 0)
        {
            cut = cut[..amp];
        }

        var fences = (cut.Length - cut.Replace("```", string.Empty, StringComparison.Ordinal).Length) / 3;
        return cut + Marker + (fences % 2 == 1 ? "```" : string.Empty);
    }

    // Only when the parts add up to too much: the longest text gives way first, so short structure stays whole.
    private static void LimitTotal(JsonArray blocks)
    {
        var texts = blocks.OfType<JsonObject>()
            .SelectMany(block => new[] { block["text"] as JsonObject }
                .Concat((block["fields"] as JsonArray ?? []).OfType<JsonObject>())
                .Concat((block["elements"] as JsonArray ?? []).OfType<JsonObject>()))
            .OfType<JsonObject>()
            .Where(owner => owner["text"] is JsonValue value && value.TryGetValue<string>(out _))
            .ToList();
        var total = texts.Sum(owner => ((string)owner["text"]!).Length);
        while (total > MessageText)
        {
            var longest = texts.MaxBy(owner => ((string)owner["text"]!).Length)!;
            var text = (string)longest["text"]!;
            var cut = Cut(text, Math.Max(text.Length - (total - MessageText), Marker.Length + 4 + 200));
            total -= text.Length - cut.Length;
            longest["text"] = cut;
            if (cut.Length == text.Length)
            {
                break;
            }
        }
    }

    private static void Limit(JsonArray? items, int count, int textLimit)
    {
        if (items is null)
        {
            return;
        }

        while (items.Count > count)
        {
            items.RemoveAt(items.Count - 1);
        }

        foreach (var item in items.OfType<JsonObject>())
        {
            CutText(item, "text", textLimit);
        }
    }

    private static void CutText(JsonObject owner, string property, int limit)
    {
        if (owner[property] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > limit)
        {
            owner[property] = Cut(text, limit);
        }
    }
}
