using System.Text.Json.Nodes;
using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.Slack;
using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using Scriban;
using Scriban.Runtime;

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
                var digest = DigestModels.Pages(
                    [.. items.Select(i => new DigestItem(i.Result, i.Transition.Notify!.Value, i.Transition.BrokenFor))], config, channel.Key);
                var template = templates.For(SlackTemplates.Digest, null, config.Defaults);
                messages.AddRange(digest.Select(page =>
                    new OutboxMessage(0, channel.Key, null, "digest", Render(template, template, page, (string)page["headline"]!), now)));
                continue;
            }

            foreach (var item in items)
            {
                var kind = item.Transition.Notify!.Value;
                var template = templates.For(TemplateKind(kind), item.Result.Check, config.Defaults);
                var model = NotificationModels.ForCheck(kind, item.Result, item.Transition, config, channel.Key, now);
                var fallback = $"{item.Result.Check.Name} is {NotificationModels.Status(item.Result.Status)}: "
                    + SlackText.Escape(item.Result.Message, MessageBudget.Message);
                var payload = Render(template, templates.BuiltIn(TemplateKind(kind)), model, fallback);
                messages.Add(new OutboxMessage(0, channel.Key, item.Result.Check.Name, kind.ToString().ToLowerInvariant(), payload, now));
            }
        }

        return messages;
    }

    public static string ChannelOf(CheckDefinition check, MonitorConfig config) =>
        config.SlackChannelOf(check) ?? ConsoleChannel;

    private static string TemplateKind(NotificationKind kind) => kind switch
    {
        NotificationKind.Reminder => SlackTemplates.Reminder,
        NotificationKind.Recovery => SlackTemplates.Recovery,
        _ => SlackTemplates.Failure,
    };

    // Templates were trial-rendered at load; should an override still fail on real data, the built-in template renders
    // the message (header, mention, query, runbook intact) and says which template failed; on-call never gets silence.
    private static string Render(Template template, Template builtIn, ScriptObject model, string fallback)
    {
        var (payload, problem) = TryRender(template, model);
        if (payload is not null)
        {
            return payload;
        }

        if (!ReferenceEquals(template, builtIn) && TryRender(builtIn, model).Payload is { } standard)
        {
            var message = JsonNode.Parse(standard)!.AsObject();
            var blocks = message["blocks"]!.AsArray();
            var note = $"The template {template.SourceFilePath} failed on this message ({problem}); the built-in one was used.";
            if (blocks.Count < BlockKitLimits.Blocks)
            {
                blocks.Add(new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray(
                        new JsonObject { ["type"] = "mrkdwn", ["text"] = SlackText.Escape(note, BlockKitLimits.SectionText) }),
                });
            }

            return message.ToJsonString(SlackMessageRenderer.Compact);
        }

        var text = BlockKitLimits.Cut(fallback, BlockKitLimits.SectionText);
        return new JsonObject
        {
            ["text"] = text,
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } }),
        }.ToJsonString(SlackMessageRenderer.Compact);
    }

    private static (string? Payload, string? Problem) TryRender(Template template, ScriptObject model)
    {
        try
        {
            return SlackMessageRenderer.Render(template, model);
        }
        catch (Scriban.Syntax.ScriptRuntimeException error)
        {
            return (null, error.OriginalMessage);
        }
    }
}
