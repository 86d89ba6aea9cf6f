using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using Scriban.Runtime;

namespace CustomerData.Alerts.Slack;

/// <summary>One entry of a digest; for a recovery, how long the check was failing.</summary>
public sealed record DigestItem(CheckResult Result, NotificationKind Kind, TimeSpan? BrokenFor = null);

/// <summary>
/// Lays out a digest so it never hides the worst: entries CRITICAL, UNKNOWN, WARNING, then recoveries; every
/// severity counted in the header; every CRITICAL check named (described one per section while they fit, else by
/// name in compact sections, over several messages if need be), so "and N more" only ever hides non-critical ones.
/// A digest of recoveries only is calm and mentions nobody.
/// </summary>
public static class DigestModels
{
    private const int SectionsPerPage = MessageBudget.DigestText / MessageBudget.DigestNames;

    /// <summary>The model of each message of the digest: one, unless the critical names alone need more.</summary>
    public static IReadOnlyList<ScriptObject> Pages(IReadOnlyList<DigestItem> items, MonitorConfig config, string channel)
    {
        var ordered = items.OrderBy(Rank).ToList();
        var counts = new Counts(
            ordered.Count(i => Rank(i) == 0),
            ordered.Count(i => Rank(i) == 1),
            ordered.Count(i => Rank(i) == 2),
            ordered.Count(i => Rank(i) == 3));
        var (entries, shown) = Described(ordered, config);
        var compact = entries.Count(e => e.Critical) < counts.Critical;
        var sections = compact ? CriticalNames(ordered, counts.Critical) : [.. entries.Select(e => e.Text)];
        var hidden = compact ? ordered.Where(i => Rank(i) != 0).ToList() : ordered.Skip(shown).ToList();
        var pages = sections.Chunk(compact ? SectionsPerPage : Math.Max(sections.Count, 1)).ToList();
        if (pages.Count == 0)
        {
            pages.Add([]);
        }

        var mentions = string.Join(' ', ordered.Where(i => Rank(i) < 3)
            .Select(i => NotificationModels.Mention(config.OwnerOf(i.Result.Check), config))
            .Where(m => m.Length > 0).Distinct());
        var headline = Headline(counts);
        return [.. pages.Select((page, index) =>
        {
            var part = pages.Count > 1 ? $" (part {index + 1} of {pages.Count})" : string.Empty;
            return new ScriptObject
            {
                ["headline"] = headline + part,
                ["summary"] = index == 0 ? Summary(counts, mentions, compact) : string.Empty,
                ["entries"] = new ScriptArray(page),
                ["footer"] = index == pages.Count - 1 ? Footer(hidden, config) : $"continued in part {index + 2} of {pages.Count}",
                ["count"] = ordered.Count,
                ["failing"] = counts.Failing,
                ["critical"] = counts.Critical,
                ["unknown"] = counts.Unknown,
                ["warning"] = counts.Warning,
                ["recovered"] = counts.Recovered,
                ["calm"] = counts.Failing == 0,
                ["mentions"] = counts.Failing == 0 ? string.Empty : mentions,
                ["part"] = index + 1,
                ["parts"] = pages.Count,
                ["channel"] = channel,
            };
        })];
    }

    // 0 CRITICAL, 1 UNKNOWN, 2 WARNING, 3 recovered; OrderBy is stable, so input order holds within a severity.
    private static int Rank(DigestItem item) => item.Kind == NotificationKind.Recovery ? 3 : item.Result.Status switch
    {
        CheckStatus.Critical => 0,
        CheckStatus.Unknown => 1,
        _ => 2,
    };

    private static string Headline(Counts counts) => counts.Failing == 0
        ? $":white_check_mark: {Checks(counts.Recovered)} recovered"
        : $":rotating_light: {Checks(counts.Failing)} {(counts.Failing == 1 ? "needs" : "need")} attention: "
            + $"{counts.Critical} critical, {counts.Unknown} unknown, {counts.Warning} warning"
            + (counts.Recovered > 0 ? $"; {counts.Recovered} recovered" : string.Empty);

    private static string Summary(Counts counts, string mentions, bool compact)
    {
        if (counts.Failing == 0)
        {
            return "All OK again: nothing to do.";
        }

        var order = "Worst first: critical, unknown, warning" + (counts.Recovered > 0 ? ", then recovered" : string.Empty)
            + ". Failures in one run often share one broken upstream.";
        var named = compact ? $"\n{counts.Critical} critical checks are too many to describe: each is named below." : string.Empty;
        return (mentions.Length > 0 ? mentions + "\n" : string.Empty) + order + named;
    }

    private static string Footer(List<DigestItem> hidden, MonitorConfig config)
    {
        var rest = string.Join(", ", new[] { (1, "unknown"), (2, "warning"), (3, "recovered") }
            .Select(r => (Count: hidden.Count(i => Rank(i) == r.Item1), Word: r.Item2))
            .Where(r => r.Count > 0)
            .Select(r => $"{r.Count} {r.Word}"));
        return (hidden.Count > 0 ? $"and {hidden.Count} more not listed ({rest}); " : string.Empty)
            + $"run `{config.Command.Line("run")}` to see them all"
            + (config.Notifications.Links.ReportUrl is { } report ? " or open " + SlackText.Link(report, "the report") : string.Empty);
    }

    // One section per entry, in order, while there is room for another.
    private static (List<(string Text, bool Critical)> Entries, int Shown) Described(List<DigestItem> ordered, MonitorConfig config)
    {
        var entries = new List<(string Text, bool Critical)>();
        var used = 0;
        foreach (var item in ordered.Take(MessageBudget.DigestEntries))
        {
            var text = Entry(item, config);
            if (used + text.Length > MessageBudget.DigestText)
            {
                break;
            }

            entries.Add((text, Rank(item) == 0));
            used += text.Length;
        }

        return (entries, entries.Count);
    }

    private static string Entry(DigestItem item, MonitorConfig config)
    {
        var name = NotificationModels.LinkedName(item.Result.Check.Name, config);
        var observed = SlackText.Escape(item.Result.Observed, MessageBudget.DigestField);
        if (item.Kind == NotificationKind.Recovery)
        {
            var after = item.BrokenFor is { } broken ? " after " + Duration.Format(broken) : string.Empty;
            return $":large_green_circle: {name} recovered{after}: {observed}";
        }

        var status = NotificationModels.Status(item.Result.Status);
        var icon = item.Result.Status switch
        {
            CheckStatus.Critical => ":red_circle:",
            CheckStatus.Warning => ":large_yellow_circle:",
            _ => ":white_circle:",
        };
        var kind = item.Kind.ToString().ToLowerInvariant();
        return $"{icon} {name} {status} ({kind}): {observed}\n{SlackText.Escape(item.Result.Expected, MessageBudget.DigestField)}";
    }

    // Every critical check by name, packed into sections of at most DigestNames characters.
    private static List<string> CriticalNames(List<DigestItem> ordered, int critical)
    {
        var sections = new List<string>();
        var current = $":red_circle: *CRITICAL* ({critical}): ";
        var first = true;
        foreach (var item in ordered.Where(i => Rank(i) == 0))
        {
            var name = $"`{SlackText.Escape(item.Result.Check.Name, MessageBudget.Name)}`";
            if (!first && current.Length + 2 + name.Length > MessageBudget.DigestNames)
            {
                sections.Add(current);
                current = ":red_circle: *CRITICAL*, continued: ";
                first = true;
            }

            current += (first ? string.Empty : ", ") + name;
            first = false;
        }

        sections.Add(current);
        return sections;
    }

    private static string Checks(int count) => count == 1 ? "1 check" : $"{count} checks";

    private sealed record Counts(int Critical, int Unknown, int Warning, int Recovered)
    {
        public int Failing => Critical + Unknown + Warning;
    }
}
