using System.CommandLine;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Monitors.Cli;

/// <summary>
/// --check, --tag and --all-tags: which checks a command works on. Several --tag select the checks carrying any of
/// them (the union), or all of them with --all-tags. A selection that cannot be what was meant (an unknown name, a tag
/// no check carries, nothing enabled left) is refused with what is known, so a typo never runs nothing and exits 0.
/// </summary>
internal sealed class CheckSelection
{
    public Option<string[]> Checks { get; } = new("--check")
    {
        Description = "Only this check (repeatable); may name a disabled check to run it on purpose.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Tags { get; } = new("--tag")
    {
        Description = "Only checks carrying this tag, such as domain:sales (repeatable: checks carrying any of them).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> AllTags { get; } = new("--all-tags")
    {
        Description = "With several --tag, only checks carrying every one of them (default: any of them).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Checks);
        command.Options.Add(Tags);
        command.Options.Add(AllTags);
    }

    /// <summary>The selected checks, or null after printing why the selection cannot be what was meant.</summary>
    public IReadOnlyList<CheckDefinition>? Select(ParseResult parse, MonitorConfig config, TextWriter error)
    {
        var names = parse.GetValue(Checks) ?? [];
        var tags = parse.GetValue(Tags) ?? [];
        var allTags = parse.GetValue(AllTags);
        var known = config.Checks.Select(c => c.Name).ToList();
        var problems = names.Where(n => !known.Contains(n, StringComparer.Ordinal))
            .Select(n => $"no check named \"{n}\" in the configuration{Closest(n, known)}").ToList();
        var knownTags = config.Checks.SelectMany(c => c.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var unknownTags = tags.Where(t => !knownTags.Contains(t, StringComparer.Ordinal)).ToList();
        problems.AddRange(unknownTags.Select(t => $"no check carries the tag \"{t}\"{Closest(t, knownTags)}"));
        if (unknownTags.Count > 0)
        {
            problems.Add(KnownTags(knownTags));
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                error.WriteLine(problem);
            }

            return null;
        }

        List<CheckDefinition> selected = [.. config.Checks.Where(c =>
            (names.Length > 0 ? names.Contains(c.Name) : c.Enabled)
            && (tags.Length == 0 || (allTags ? tags.All(t => c.Tags.Contains(t)) : tags.Any(t => c.Tags.Contains(t)))))];
        if (selected.Count == 0 && (names.Length > 0 || tags.Length > 0))
        {
            var what = string.Join(" ", names.Select(n => $"--check {n}").Concat(tags.Select(t => $"--tag {t}"))
                .Concat(allTags ? ["--all-tags"] : []));
            error.WriteLine($"{what} selects no enabled check");
            error.WriteLine(KnownTags(knownTags));
            return null;
        }

        return selected;
    }

    private static string KnownTags(List<string> knownTags) =>
        knownTags.Count == 0 ? "no check has tags" : "known tags: " + string.Join(", ", knownTags);

    // Up to three names within typing distance, closest first: "; did you mean "orders_freshness"?".
    internal static string Closest(string typed, List<string> known)
    {
        var close = new List<string>();
        var rest = known.ToList();
        while (close.Count < 3 && Suggestions.Closest(typed, rest) is { } next)
        {
            close.Add(next);
            rest.Remove(next);
        }

        return close.Count == 0 ? string.Empty : "; did you mean " + string.Join(" or ", close.Select(c => $"\"{c}\"")) + "?";
    }
}
