using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Checks.Loading;

/// <summary>The rules JSON shape cannot express: unique names, known sources, valid cron, time zones, identifiers, thresholds.</summary>
internal sealed partial class SemanticValidator(Catalog catalog, List<ConfigProblem> problems)
{
    /// <summary>The longest check name: Datadog keeps 200 characters of a tag, and "check:" takes 6.</summary>
    public const int MaxCheckNameLength = 194;

    private readonly Dictionary<string, string> _sourceTags = new(StringComparer.Ordinal);

    private CheckContext? _context;

    public void ValidateDefaults(DefaultsDefinition defaults, string path)
    {
        Cron(defaults.Schedule, JsonPath.Property(path, "schedule"));
        if (!TimeZones.TryFind(defaults.Timezone, out _))
        {
            problems.Add(new ConfigProblem(JsonPath.Property(path, "timezone"), $"unknown time zone \"{defaults.Timezone}\"", "use an IANA name such as \"UTC\", \"Europe/Paris\" or \"America/New_York\""));
        }

        if (defaults.AlertAfter < 1)
        {
            problems.Add(new ConfigProblem(JsonPath.Property(path, "alert_after"), $"alert_after is {defaults.AlertAfter}", "alert after 1 or more consecutive failures"));
        }

        problems.AddRange(defaults.Cost.Validate(JsonPath.Property(path, "cost")));
        Printable(defaults.Owner, JsonPath.Property(path, "owner"), "owner");
        Printable(defaults.Notify?.Slack, JsonPath.Property(JsonPath.Property(path, "notify"), "slack"), "Slack channel");
    }

    public void ValidateNotifications(NotificationsDefinition notifications, string path)
    {
        var webhooks = JsonPath.Property(JsonPath.Property(path, "slack"), "webhooks");
        foreach (var (channel, variable) in notifications.Slack.Webhooks)
        {
            if (Printable(channel, JsonPath.Property(webhooks, channel), "Slack channel"))
            {
                continue;
            }

            if (!EnvironmentNames.IsName(variable))
            {
                var secret = variable.StartsWith("http", StringComparison.OrdinalIgnoreCase);
                problems.Add(new ConfigProblem(
                    JsonPath.Property(webhooks, channel),
                    secret ? "a webhook URL is a secret and must not be written in checks.json" : EnvironmentNames.NotAName,
                    "put the URL in an environment variable and name the variable here, such as \"SLACK_WEBHOOK_CUSTOMER_DATA\""));
            }
        }

        foreach (var owner in notifications.Slack.Mentions.Keys)
        {
            Printable(owner, JsonPath.Property(JsonPath.Property(JsonPath.Property(path, "slack"), "mentions"), owner), "owner");
        }

        var datadog = JsonPath.Property(path, "datadog");
        Printable(notifications.Datadog.SlackAccount, JsonPath.Property(datadog, "slack_account"), "Slack account");
        for (var i = 0; i < notifications.Datadog.Tags.Count; i++)
        {
            Printable(notifications.Datadog.Tags[i], JsonPath.Index(JsonPath.Property(datadog, "tags"), i), "tag");
        }

        problems.AddRange(notifications.Links.Validate(JsonPath.Property(path, "links")));
        if (notifications.Slack.DigestAfter < 1)
        {
            problems.Add(new ConfigProblem(JsonPath.Property(JsonPath.Property(path, "slack"), "digest_after"), $"digest_after is {notifications.Slack.DigestAfter}", "use 1 or more: the number of messages a channel may get in one run before they are folded into a digest"));
        }
    }

    public void ValidateScheduling(SchedulerDefinition scheduler, StoreDefinition store, string path)
    {
        var needsDatabase = scheduler.Mode == SchedulerMode.Cluster || store.Type == StoreType.Postgres;
        if (needsDatabase && scheduler.ConnectionStringEnv is null)
        {
            problems.Add(new ConfigProblem(path, "a cluster or a postgres store needs \"connection_string_env\"", "name the environment variable that holds the PostgreSQL connection string, such as \"CUSTOMERDATA_POSTGRES\""));
        }

        if (scheduler.ConnectionStringEnv is { } variable && !EnvironmentNames.IsName(variable))
        {
            problems.Add(new ConfigProblem(JsonPath.Property(path, "connection_string_env"), "a connection string is a secret and must not be written in checks.json", "put it in an environment variable and name the variable here"));
        }

        if (scheduler.Mode == SchedulerMode.Cluster && store.Type != StoreType.Postgres)
        {
            problems.Add(new ConfigProblem(JsonPath.Property(path, "mode"), "replicas in a cluster must share their results and alert state", "set \"store\": { \"type\": \"postgres\" } so no alert is sent twice"));
        }

        if (scheduler.MaxConcurrency < 1 || scheduler.MaxConcurrentPerSource < 1)
        {
            problems.Add(new ConfigProblem(path, "max_concurrency and max_concurrent_per_source must be at least 1", "use 1 or more"));
        }
    }

    public void ValidateSource(string name, SourceDefinition? source, string path)
    {
        if (!Printable(name, path, "source name") && !SourceName().IsMatch(name))
        {
            problems.Add(new ConfigProblem(path, $"invalid source name \"{name}\"", "use letters, digits, _ and -, starting with a letter"));
        }
        else if (SourceTag(name) is var tag && !_sourceTags.TryAdd(tag, name))
        {
            // Datadog lowercases a tag and folds runs of _: "Orders" and "orders", "a__b" and "a_b" would be one series.
            problems.Add(new ConfigProblem(path, $"sources \"{_sourceTags[tag]}\" and \"{name}\" are one source:{tag} tag in Datadog", "rename one: source names differing only in case or repeated _ cannot be told apart"));
        }

        if (source is not null)
        {
            problems.AddRange(catalog.SourceKindOf(source).Validate(source, path));
        }
    }

    /// <summary>Checks names and sources on every check element, parsed or not, then the full rules on the parsed ones.</summary>
    public void ValidateChecks(IReadOnlyList<(JsonElement Raw, CheckDefinition? Check, string Path)> checks, ICollection<string> sourceNames, IReadOnlyDictionary<string, SourceDefinition> sources, DefaultsDefinition defaults, IReadOnlyDictionary<string, JsonPosition> positions)
    {
        var firstByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (raw, check, path) in checks)
        {
            if (raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                Name(name.GetString()!, path, firstByName, positions);
            }

            if (raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String && !sourceNames.Contains(source.GetString()!))
            {
                UnknownSource(source.GetString()!, path, sourceNames);
            }

            if (check is not null)
            {
                ValidateCheck(check, path, defaults);
                ValidateReads(check, path, sourceNames, sources, defaults);
                if (check is SampledCheckDefinition { SampleColumns.Count: > 0 } && sources.TryGetValue(check.Source, out var definition) && !catalog.SourceKindOf(definition).SupportsSamples)
                {
                    problems.Add(new ConfigProblem(JsonPath.Property(path, "sample_columns"), $"{catalog.SourceKindOf(definition).TypeName} sources fetch no failed-row samples", "remove sample_columns; the message still says how many rows failed"));
                }
            }
        }
    }

    private void UnknownSource(string name, string path, ICollection<string> sourceNames)
    {
        var hint = sourceNames.Count == 0 ? "define it under \"sources\"" : Suggestions.Hint(name, sourceNames) + " (sources are defined under \"sources\")";
        problems.Add(new ConfigProblem(JsonPath.Property(path, "source"), $"unknown source \"{name}\"", hint));
    }

    // Each table the check reads is validated by its own source (a reconciliation's sides at their own paths).
    private void ValidateReads(CheckDefinition check, string path, ICollection<string> sourceNames, IReadOnlyDictionary<string, SourceDefinition> sources, DefaultsDefinition defaults)
    {
        var reads = catalog.CheckKindOf(check).Reads(check, path);
        foreach (var read in reads)
        {
            if (sources.TryGetValue(read.Check.Source, out var definition))
            {
                problems.AddRange(catalog.SourceKindOf(definition).ValidateCheck(read.Check, definition, read.Path));
            }
            else if (read.Path != path)
            {
                // The check's own "source" is reported above from the JSON, parsed or not.
                UnknownSource(read.Check.Source, read.Path, sourceNames);
            }
        }

        Supported(check, reads, sources, defaults);
    }

    private void ValidateCheck(CheckDefinition check, string path, DefaultsDefinition defaults)
    {
        if (check.Schedule is not null)
        {
            Cron(check.Schedule, JsonPath.Property(path, "schedule"));
        }

        // What a filter may say is proven by its source's parser (Sql/Filters/FilterRule.cs, called by the source kinds).
        if (check.Filter is { } blank && string.IsNullOrWhiteSpace(blank))
        {
            problems.Add(new ConfigProblem(JsonPath.Property(path, "filter"), "the filter is empty", "remove \"filter\" to check every row"));
        }

        if (check.AlertAfter is < 1)
        {
            problems.Add(new ConfigProblem(JsonPath.Property(path, "alert_after"), $"alert_after is {check.AlertAfter}", "alert after 1 or more consecutive failures"));
        }

        Printable(check.Owner, path, "owner", "owner");
        if (PrintableText.IndexOfHidden(check.Notify?.Slack) >= 0)
        {
            Printable(check.Notify?.Slack, JsonPath.Property(JsonPath.Property(path, "notify"), "slack"), "Slack channel");
        }

        for (var i = 0; i < check.Tags.Count; i++)
        {
            if (PrintableText.IndexOfHidden(check.Tags[i]) >= 0)
            {
                Printable(check.Tags[i], JsonPath.Index(JsonPath.Property(path, "tags"), i), "tag");
            }
        }

        problems.AddRange(catalog.CheckKindOf(check).Validate(check, path, defaults));
    }

    // Whether a source reads an input's target (ISourceKind.Reads) and computes its measure (Supports); null when it does.
    private static Sources.Unsupported? Refusal(Sources.ISourceKind source, Sql.Input input) =>
        !source.Reads(input.Target, out var refused) ? refused : source.Supports(input.Measure, out var reason) ? null : reason;

    // What the check asks each source to read and compute, asked of the source itself (ISourceKind.Reads, Supports), at
    // the path of the table the input reads.
    private void Supported(CheckDefinition check, IReadOnlyList<TableRead> reads, IReadOnlyDictionary<string, SourceDefinition> sources, DefaultsDefinition defaults)
    {
        IReadOnlyList<Sql.Input> inputs;
        try
        {
            inputs = catalog.CheckKindOf(check).Inputs(check, ContextFor(defaults));
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or OverflowException or FormatException)
        {
            return; // The kind's own validation says what is wrong with the definition.
        }

        var refused = new List<(Sources.Unsupported Reason, string Path)>();
        foreach (var input in inputs)
        {
            if (sources.TryGetValue(input.Source, out var definition) && Refusal(catalog.SourceKindOf(definition), input) is { } reason)
            {
                var at = reads.FirstOrDefault(r => r.Check.Source == input.Source && r.Check.Table == input.Target.Name)?.Path ?? reads[0].Path;
                refused.Add((reason, at));
            }
        }

        foreach (var (reason, at) in refused.Distinct())
        {
            problems.Add(new ConfigProblem(JsonPath.Property(at, reason.Field), reason.Message, reason.Hint));
        }
    }

    // The name's path is built only for a problem: 10,000 valid names need none.
    private void Name(string name, string checkPath, Dictionary<string, string> firstByName, IReadOnlyDictionary<string, JsonPosition> positions)
    {
        if (!Printable(name, checkPath, "name", "check name") && !CheckName().IsMatch(name))
        {
            problems.Add(new ConfigProblem(JsonPath.Property(checkPath, "name"), $"invalid check name \"{name}\"", $"use lowercase snake_case, such as \"{SnakeCase(name)}\""));
        }
        else if (name.Length > MaxCheckNameLength)
        {
            // Datadog cuts the tag check:<name> at 200 characters: two long names would be one check there.
            problems.Add(new ConfigProblem(JsonPath.Property(checkPath, "name"), $"the check name is {name.Length} characters long, more than {MaxCheckNameLength}", "shorten it: Datadog keeps 200 characters of its tag check:<name>"));
        }

        if (!firstByName.TryAdd(name, checkPath))
        {
            var first = positions.TryGetValue(JsonPath.Property(firstByName[name], "name"), out var at) ? $" at line {at.Line}" : string.Empty;
            problems.Add(new ConfigProblem(JsonPath.Property(checkPath, "name"), $"duplicate check name \"{name}\"", $"names must be unique; \"{name}\" is first defined{first}"));
        }
    }

    /// <summary>
    /// Every Slack channel a check notifies (its own or the default) needs an entry in notifications.slack.webhooks:
    /// a message with nowhere to go must be a decision ("console"), not a silent fallback.
    /// </summary>
    public void ValidateChannels(NotificationsDefinition notifications, DefaultsDefinition defaults, IEnumerable<(CheckDefinition? Check, string Path)> checks)
    {
        var webhooks = notifications.Slack.Webhooks;
        var defaultUsed = false;
        // A channel only Datadog's monitors announce (delivery "datadog") is never posted to by the webhook path.
        bool Unneeded(string channel) => notifications.Slack.DeliveryOf(channel) == SlackDelivery.Datadog;
        foreach (var (check, path) in checks)
        {
            if (check?.Notify?.Slack is { } own)
            {
                if (Unneeded(own))
                {
                    continue;
                }

                Unmapped(own, JsonPath.Property(JsonPath.Property(path, "notify"), "slack"), webhooks);
            }
            else if (check is not null)
            {
                defaultUsed = true;
            }
        }

        if (defaultUsed && defaults.Notify?.Slack is { } channel && !Unneeded(channel))
        {
            Unmapped(channel, "$.defaults.notify.slack", webhooks);
        }
    }

    private void Unmapped(string channel, string path, IReadOnlyDictionary<string, string> webhooks)
    {
        if (!webhooks.ContainsKey(channel) && PrintableText.IndexOfHidden(channel) < 0)
        {
            var variable = "SLACK_WEBHOOK_" + Regex.Replace(channel.ToUpperInvariant(), "[^A-Z0-9]+", "_").Trim('_');
            problems.Add(new ConfigProblem(
                path,
                $"no webhook is named for the Slack channel \"{channel}\" under notifications.slack.webhooks",
                $"add \"{channel}\": \"{variable}\" to notifications.slack.webhooks (the environment variable holding its webhook URL), or \"{channel}\": \"{SlackDefinition.Console}\" to print its messages on purpose"));
        }
    }

    // One context for every check: the time zone is looked up once, not once per check.
    private CheckContext ContextFor(DefaultsDefinition defaults) =>
        _context is { } known && ReferenceEquals(known.Defaults, defaults)
            ? known
            : _context = new CheckContext(DateTimeOffset.UnixEpoch, TimeZones.Find(defaults.Timezone), defaults);

    /// <summary>Reports a field's value holding a control character (its path built only then); true when it did.</summary>
    private bool Printable(string? value, string parent, string field, string what) =>
        PrintableText.IndexOfHidden(value) >= 0 && Printable(value, JsonPath.Property(parent, field), what);

    /// <summary>Reports a name holding a control character; true when it did.</summary>
    private bool Printable(string? value, string path, string what)
    {
        if (PrintableText.Check(value, path, what) is not { } problem)
        {
            return false;
        }

        problems.Add(problem);
        return true;
    }

    private void Cron(string expression, string path)
    {
        try
        {
            // serve refuses to start on a schedule that never fires again: say so here, where validate can.
            if (new Quartz.CronExpression(expression).GetNextValidTimeAfter(TimeProvider.System.GetUtcNow()) is null)
            {
                problems.Add(new ConfigProblem(path, $"the cron expression \"{expression}\" never fires again", "check the day against the month (February has no 30th) and any year field, which must not be past"));
            }
        }
        catch (FormatException error)
        {
            problems.Add(new ConfigProblem(path, $"invalid cron expression \"{expression}\": {error.Message}", "Quartz cron has seconds first: \"0 */15 * * * ?\" is every 15 minutes, \"0 0 6 * * ?\" is 06:00 daily"));
        }
    }

    private static string SnakeCase(string name) =>
        Regex.Replace(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), "[^a-z0-9]+", "_").Trim('_');

    /// <summary>A valid source name as Datadog keeps it in a tag: lowercased, runs of _ as one, no _ at the end.</summary>
    private static string SourceTag(string name) => RepeatedUnderscores().Replace(name.ToLowerInvariant(), "_").TrimEnd('_');

    [GeneratedRegex("_{2,}")]
    private static partial Regex RepeatedUnderscores();

    // One _ between words and none at the end: Datadog's tags fold "a__b" and "a_" into "a_b" and "a", so two names
    // differing only there would be one check in Datadog.

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*\\z")]
    private static partial Regex CheckName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*\\z")]
    private static partial Regex SourceName();
}
