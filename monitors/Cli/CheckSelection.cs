using System.CommandLine;
using CustomerData.Checks.Definitions;

namespace CustomerData.Monitors.Cli;

/// <summary>--check and --tag: which enabled checks a command works on.</summary>
internal sealed class CheckSelection
{
    public Option<string[]> Checks { get; } = new("--check")
    {
        Description = "Only this check (repeatable).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Tags { get; } = new("--tag")
    {
        Description = "Only checks carrying this tag, such as domain:sales (repeatable).",
        AllowMultipleArgumentsPerToken = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Checks);
        command.Options.Add(Tags);
    }

    /// <summary>The selected checks, or null after printing which requested name does not exist.</summary>
    public IReadOnlyList<CheckDefinition>? Select(ParseResult parse, MonitorConfig config, TextWriter error)
    {
        var names = parse.GetValue(Checks) ?? [];
        var tags = parse.GetValue(Tags) ?? [];
        var known = config.Checks.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = names.Where(n => !known.Contains(n)).ToList();
        foreach (var name in missing)
        {
            error.WriteLine($"no check named \"{name}\" in the configuration");
        }

        if (missing.Count > 0)
        {
            return null;
        }

        return [.. config.Checks.Where(c =>
            (names.Length > 0 ? names.Contains(c.Name) : c.Enabled)
            && tags.All(tag => c.Tags.Contains(tag, StringComparer.Ordinal)))];
    }
}
