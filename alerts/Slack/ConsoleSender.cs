using System.Text.Json.Nodes;
using CustomerData.Alerts.Outbox;

namespace CustomerData.Alerts.Slack;

/// <summary>
/// Prints messages readably for a channel whose webhook is the literal "console" (or messages of checks that name no
/// channel): printing is their delivery, on purpose, so they are marked delivered.
/// </summary>
/// <param name="why">Said in each message's heading, such as "its webhook is \"console\"".</param>
public sealed class ConsoleSender(TextWriter output, string why = "its webhook is \"console\"") : INotificationSender
{
    public Task<DeliveryOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        output.WriteLine($"── Slack {message.Channel} · {message.Kind}{(message.Check is null ? string.Empty : " · " + message.Check)} (printed here: {why}) ──");
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
