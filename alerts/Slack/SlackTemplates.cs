using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using Scriban;

namespace CustomerData.Alerts.Slack;

/// <summary>
/// The Scriban templates Slack messages are rendered from: the built-in ones in alerts/templates/, and the
/// overrides checks.json names (per check or in defaults), parsed and trial-rendered when the configuration loads.
/// </summary>
public sealed class SlackTemplates
{
    public const string Failure = "failure";
    public const string Reminder = "reminder";
    public const string Recovery = "recovery";
    public const string Digest = "digest";

    private readonly Dictionary<string, Template> _builtIn;
    private readonly Dictionary<string, (string Kind, Template Template)> _overrides;

    private SlackTemplates(Dictionary<string, Template> builtIn, Dictionary<string, (string Kind, Template Template)> overrides)
    {
        _builtIn = builtIn;
        _overrides = overrides;
    }

    /// <summary>Loads and checks every template the configuration uses; a broken one is a configuration error.</summary>
    public static (SlackTemplates? Templates, IReadOnlyList<ConfigError> Errors) Load(MonitorConfig config, string configFile)
    {
        var errors = new List<ConfigError>();
        var builtIn = new[] { Failure, Reminder, Recovery, Digest }.ToDictionary(name => name, name => Parse(ReadBuiltIn(name), $"alerts/templates/{name}.sbn", "$", configFile, errors));
        var overrides = new Dictionary<string, (string Kind, Template Template)>(StringComparer.Ordinal);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(configFile))!;
        var sources = config.Checks.Select((check, index) => (check.Notify?.Templates, Path: $"$.checks[{index}].notify.templates"))
            .Prepend((config.Defaults.Notify?.Templates, Path: "$.defaults.notify.templates"));
        foreach (var (templates, path) in sources)
        {
            foreach (var (kind, file) in new[] { (Failure, templates?.Failure), (Reminder, templates?.Reminder), (Recovery, templates?.Recovery) })
            {
                if (file is null || overrides.ContainsKey(file))
                {
                    continue;
                }

                string full, text;
                try
                {
                    full = Path.GetFullPath(file, baseDirectory);
                    if (!File.Exists(full))
                    {
                        errors.Add(new ConfigError(configFile, 1, 1, $"{path}.{kind}", $"template file {file} does not exist", $"create it (start from alerts/templates/{kind}.sbn) or remove the override"));
                        continue;
                    }

                    text = File.ReadAllText(full);
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    // Loading never throws: a path that is no file, or one this user may not read, is a configuration error.
                    errors.Add(new ConfigError(configFile, 1, 1, $"{path}.{kind}", $"template file {file} cannot be read: {error.Message}", "name a readable template file relative to checks.json"));
                    continue;
                }

                if (Parse(text, full, $"{path}.{kind}", configFile, errors) is { } template)
                {
                    overrides[file] = (kind, template);
                }
            }
        }

        var set = new SlackTemplates(builtIn!, overrides);
        errors.AddRange(set.TrialRender(configFile));
        return (errors.Count == 0 ? set : null, errors);
    }

    /// <summary>The template for a kind of message about a check: its own override, the defaults' override, or the built-in one.</summary>
    public Template For(string kind, CheckDefinition? check, DefaultsDefinition defaults)
    {
        var file = kind switch
        {
            Failure => check?.Notify?.Templates?.Failure ?? defaults.Notify?.Templates?.Failure,
            Reminder => check?.Notify?.Templates?.Reminder ?? defaults.Notify?.Templates?.Reminder,
            Recovery => check?.Notify?.Templates?.Recovery ?? defaults.Notify?.Templates?.Recovery,
            _ => null,
        };
        return file is not null && _overrides.TryGetValue(file, out var chosen) ? chosen.Template : _builtIn[kind];
    }

    /// <summary>The built-in template of a kind, which a failing override falls back to.</summary>
    public Template BuiltIn(string kind) => _builtIn[kind];

    private IEnumerable<ConfigError> TrialRender(string configFile)
    {
        var samples = new (string Kind, Template Template)[] { (Failure, _builtIn[Failure]), (Reminder, _builtIn[Reminder]), (Recovery, _builtIn[Recovery]), (Digest, _builtIn[Digest]) };
        foreach (var (kind, template) in samples.Concat(_overrides.Values))
        {
            string? problem;
            try
            {
                problem = SlackMessageRenderer.Render(template, kind == Digest ? SampleModels.Digest()[0] : SampleModels.Check(kind)).Problem;
            }
            catch (Scriban.Syntax.ScriptRuntimeException error)
            {
                problem = error.OriginalMessage;
            }

            if (problem is not null)
            {
                yield return new ConfigError(template.SourceFilePath ?? configFile, 1, 1, "$", $"template {template.SourceFilePath} does not render a Slack message: {problem}", "the output must be JSON with a \"blocks\" array; pass values through object.to_json");
            }
        }
    }

    private static Template? Parse(string text, string file, string path, string configFile, List<ConfigError> errors)
    {
        var template = Template.Parse(text, file);
        if (!template.HasErrors)
        {
            return template;
        }

        foreach (var message in template.Messages)
        {
            errors.Add(new ConfigError(file, message.Span.Start.Line + 1, message.Span.Start.Column + 1, path, $"template error: {message.Message}", $"fix the Scriban syntax in {file} (named in {configFile})"));
        }

        return null;
    }

    private static string ReadBuiltIn(string name)
    {
        using var stream = typeof(SlackTemplates).Assembly.GetManifestResourceStream($"templates/{name}.sbn")
            ?? throw new InvalidOperationException($"built-in template {name} is missing from {typeof(SlackTemplates).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
