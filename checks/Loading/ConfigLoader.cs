using System.Text;
using System.Text.Json;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Loading;

/// <summary>Reads checks.json and reports every problem in it at once, each with its file, line, column, JSON path and a hint.</summary>
public sealed class ConfigLoader(Catalog catalog, Func<string, string?>? environment = null)
{
    private readonly JsonSerializerOptions _options = ConfigJson.CreateOptions(catalog);
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public ConfigLoadResult LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            return Failed(new ConfigError(path, 1, 1, JsonPath.Root, "file not found", "create it, or pass --config with the path of your checks file"));
        }

        return Load(File.ReadAllBytes(path), path);
    }

    public ConfigLoadResult Load(string json, string file) => Load(Encoding.UTF8.GetBytes(json), file);

    public ConfigLoadResult Load(byte[] utf8, string file)
    {
        if (utf8.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        PreprocessedJson document;
        try
        {
            document = JsonPreprocessor.Process(utf8, _environment);
        }
        catch (JsonException error)
        {
            var message = error.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd('.', ' ');
            return Failed(new ConfigError(file, (int)(error.LineNumber ?? 0) + 1, (int)(error.BytePositionInLine ?? 0) + 1, error.Path ?? JsonPath.Root, "malformed JSON: " + message, "fix the syntax at this position (a missing comma, quote or bracket is the usual cause)"));
        }

        var problems = new List<ConfigProblem>(document.Problems);
        using var parsed = JsonDocument.Parse(document.Json);
        var config = Bind(parsed.RootElement, problems, document.Positions);
        // An unset variable leaves an empty value behind; the complaints about that value only repeat it.
        var unset = document.Problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        var errors = problems
            .Where(p => !unset.Contains(p.Path) || document.Problems.Contains(p))
            .Select(p => Locate(p, file, document.Positions))
            .Distinct()
            .OrderBy(e => e.Line).ThenBy(e => e.Column)
            .ToList();
        return new ConfigLoadResult(errors.Count == 0 ? config : null, errors);
    }

    private MonitorConfig? Bind(JsonElement root, List<ConfigProblem> problems, IReadOnlyDictionary<string, JsonPosition> positions)
    {
        new StructuralValidator(_options, problems).Validate(root, typeof(MonitorConfig), JsonPath.Root);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var shapeProblems = problems.Select(p => p.Path).ToList();
        var semantic = new SemanticValidator(catalog, problems);

        var defaultsPath = JsonPath.Property(JsonPath.Root, "defaults");
        var defaults = ReadSection<DefaultsDefinition>(root, "defaults", shapeProblems) ?? new DefaultsDefinition();
        semantic.ValidateDefaults(defaults, defaultsPath);

        var notifications = ReadSection<NotificationsDefinition>(root, "notifications", shapeProblems) ?? new NotificationsDefinition();
        semantic.ValidateNotifications(notifications, JsonPath.Property(JsonPath.Root, "notifications"));

        var scheduler = ReadSection<SchedulerDefinition>(root, "scheduler", shapeProblems) ?? new SchedulerDefinition();
        var store = ReadSection<StoreDefinition>(root, "store", shapeProblems) ?? new StoreDefinition();
        semantic.ValidateScheduling(scheduler, store, JsonPath.Property(JsonPath.Root, "scheduler"));

        var sources = new Dictionary<string, SourceDefinition>(StringComparer.Ordinal);
        var sourceNames = new List<string>();
        if (root.TryGetProperty("sources", out var sourcesElement) && sourcesElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in sourcesElement.EnumerateObject())
            {
                var path = JsonPath.Property(JsonPath.Property(JsonPath.Root, "sources"), member.Name);
                var source = Read<SourceDefinition>(member.Value, path, shapeProblems);
                sourceNames.Add(member.Name);
                semantic.ValidateSource(member.Name, source, path);
                if (source is not null)
                {
                    sources[member.Name] = source;
                }
            }
        }

        var checks = new List<(JsonElement Raw, CheckDefinition? Check, string Path)>();
        if (root.TryGetProperty("checks", out var checksElement) && checksElement.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in checksElement.EnumerateArray())
            {
                var path = JsonPath.Index(JsonPath.Property(JsonPath.Root, "checks"), index++);
                checks.Add((item, Read<CheckDefinition>(item, path, shapeProblems), path));
            }
        }

        semantic.ValidateChecks(checks, sourceNames, sources, defaults, positions);
        var schema = root.TryGetProperty("$schema", out var schemaElement) && schemaElement.ValueKind == JsonValueKind.String ? schemaElement.GetString() : null;
        return new MonitorConfig { Schema = schema, Defaults = defaults, Notifications = notifications, Scheduler = scheduler, Store = store, Sources = sources, Checks = [.. checks.Select(c => c.Check!).Where(c => c is not null)] };
    }

    private T? ReadSection<T>(JsonElement root, string property, List<string> shapeProblems)
        where T : class =>
        root.TryGetProperty(property, out var element) ? Read<T>(element, JsonPath.Property(JsonPath.Root, property), shapeProblems) : null;

    // Each piece is bound on its own, so one broken check does not hide the problems of the others.
    private T? Read<T>(JsonElement element, string path, List<string> shapeProblems)
        where T : class
    {
        if (shapeProblems.Any(p => p == path || p.StartsWith(path + ".", StringComparison.Ordinal) || p.StartsWith(path + "[", StringComparison.Ordinal)))
        {
            return null;
        }

        return element.Deserialize<T>(_options);
    }

    private static ConfigError Locate(ConfigProblem problem, string file, IReadOnlyDictionary<string, JsonPosition> positions)
    {
        // A missing field has no position of its own: point at the object that lacks it.
        for (var path = problem.Path; path is not null; path = JsonPath.Parent(path))
        {
            if (positions.TryGetValue(path, out var position))
            {
                return new ConfigError(file, position.Line, position.Column, problem.Path, problem.Message, problem.Hint);
            }
        }

        return new ConfigError(file, 1, 1, problem.Path, problem.Message, problem.Hint);
    }

    private static ConfigLoadResult Failed(ConfigError error) => new(null, [error]);
}
