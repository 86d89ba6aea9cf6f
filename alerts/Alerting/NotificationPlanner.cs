using System.Text.Json.Nodes;
using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.Slack;
using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Alerts.Alerting;

/// <summary>A decision to tell on-call about one check.</summary>
public sealed record PendingNotification(CheckResult Result, AlertTransition Transition);

/// <summary>Routes notifications to channels and renders them; a channel with more than digest_after gets one digest.</summary>
public sealed class NotificationPlanner(SlackTemplates templates)
{
    /// <summary>Where a check's messages go when neither it nor the defaults name a Slack channel.</summary>
    public const string ConsoleChannel = "(console)";

    public IReadOnlyList<OutboxMessage> Plan(IReadOnlyList<PendingNotification> notifications, MonitorConfig config, DateTimeOffset now)
    {
        var messages = new List<OutboxMessage>();
        foreach (var channel in notifications.GroupBy(n => ChannelOf(n.Result.Check, config)))
        {
            var items = channel.ToList();
            if (items.Count > config.Notifications.Slack.DigestAfter)
            {
                var digest = NotificationModels.ForDigest([.. items.Select(i => new DigestItem(i.Result, i.Transition.Notify!.Value))], config, channel.Key);
                messages.Add(new OutboxMessage(0, channel.Key, null, "digest", Render(templates.For(SlackTemplates.Digest, null, config.Defaults), digest, $"{items.Count} checks need attention"), now));
                continue;
            }

            foreach (var item in items)
            {
                var kind = item.Transition.Notify!.Value;
                var template = templates.For(TemplateKind(kind), item.Result.Check, config.Defaults);
                var model = NotificationModels.ForCheck(kind, item.Result, item.Transition, config, channel.Key, now);
                var fallback = $"{item.Result.Check.Name} is {item.Result.Status.ToString().ToUpperInvariant()}: {SlackText.Escape(item.Result.Message)}";
                messages.Add(new OutboxMessage(0, channel.Key, item.Result.Check.Name, kind.ToString().ToLowerInvariant(), Render(template, model, fallback), now));
            }
        }

        return messages;
    }

    public static string ChannelOf(CheckDefinition check, MonitorConfig config) =>
        check.Notify?.Slack ?? config.Defaults.Notify?.Slack ?? ConsoleChannel;

    private static string TemplateKind(NotificationKind kind) => kind switch
    {
        NotificationKind.Reminder => SlackTemplates.Reminder,
        NotificationKind.Recovery => SlackTemplates.Recovery,
        _ => SlackTemplates.Failure,
    };

    // Templates were trial-rendered at load; should one still fail on real data, on-call gets a plain message, not silence.
    private static string Render(Scriban.Template template, Scriban.Runtime.ScriptObject model, string fallback)
    {
        try
        {
            if (SlackMessageRenderer.Render(template, model).Payload is { } payload)
            {
                return payload;
            }
        }
        catch (Scriban.Syntax.ScriptRuntimeException)
        {
        }

        var text = BlockKitLimits.Cut(fallback, BlockKitLimits.SectionText);
        return new JsonObject
        {
            ["text"] = text,
            ["blocks"] = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } }),
        }.ToJsonString(SlackMessageRenderer.Compact);
    }
}
