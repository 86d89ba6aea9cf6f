using System.Text.Json.Nodes;
using CustomerData.Alerts.Outbox;

namespace CustomerData.Alerts.Slack;

/// <summary>With no webhook for a channel, prints the message readably instead, so the demo shows what on-call would get.</summary>
public sealed class ConsoleSender(TextWriter output) : INotificationSender
{
    public Task<DeliveryOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        output.WriteLine($"── Slack {message.Channel} · {message.Kind}{(message.Check is null ? string.Empty : " · " + message.Check)} (no webhook configured: printed here) ──");
        foreach (var line in Lines(JsonNode.Parse(message.Payload)!))
        {
            // The escaping protects Slack; a terminal shows the text as it was.
            output.WriteLine(line.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal));
        }

        output.WriteLine();
        return Task.FromResult(DeliveryOutcome.Sent);
    }

    private static IEnumerable<string> Lines(JsonNode message)
    {
        foreach (var block in (message["blocks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)block["text"]?["text"] is { } text)
            {
                yield return (string?)block["type"] == "header" ? $"*{text}*" : text;
            }

            foreach (var item in (block["fields"] as JsonArray ?? []).Concat(block["elements"] as JsonArray ?? []))
            {
                if ((string?)item?["text"] is { } inner)
                {
                    yield return inner.Replace("\n", ": ", StringComparison.Ordinal);
                }
            }
        }
    }
}
