using System.Text;
using System.Text.Json;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Loading;

/// <summary>Reads checks.json and reports every problem in it at once, each with its file, line, column, JSON path and a hint.</summary>
public sealed class ConfigLoader(Catalog catalog, Func<string, string?>? environment = null)
{
    private readonly JsonSerializerOptions _options = ConfigJson.CreateOptions(catalog);
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>Reads and validates a file; never throws, whatever the path names or the file holds.</summary>
    public ConfigLoadResult LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(path))
            {
                return Failed(ConfigError.ForFile(path, "is a directory, not a file", "pass --config with the path of your checks file"));
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.CanSeek && stream.Length > RawFile.MaxBytes)
            {
                return TooLarge(path, stream.Length);
            }

            // Read to the end rather than trusting Length: a pipe (/dev/stdin, <(...)) has none, and /proc files and
            // devices report 0 while they hold bytes.
            bytes = ReadAtMost(stream, RawFile.MaxBytes + 1);
            if (bytes.Length > RawFile.MaxBytes)
            {
                return TooLarge(path, null);
            }
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed(ConfigError.ForFile(path, "file not found", "create it, or pass --config with the path of your checks file"));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Failed(ConfigError.ForFile(path, "cannot be read: " + error.Message, "check the path and that this user may read the file"));
        }

        return Load(bytes, path) with { ContentHash = System.Security.Cryptography.SHA256.HashData(bytes) };
    }

    private static byte[] ReadAtMost(Stream stream, long limit)
    {
        using var buffer = new MemoryStream(stream.CanSeek ? (int)Math.Min(stream.Length, limit) : 0);
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < limit && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public ConfigLoadResult Load(string json, string file) => Load(Encoding.UTF8.GetBytes(json), file);

    /// <summary>Validates the bytes of a checks file; never throws: every problem comes back located, or as the file's.</summary>
    public ConfigLoadResult Load(byte[] utf8, string file)
    {
        var document = JsonPreprocessor.Process(utf8, _environment);
        if (document.Fatal is { } fatal)
        {
            return Failed(Locate(fatal, file));
        }

        var problems = new List<ConfigProblem>(document.Problems);
        MonitorConfig? config;
        try
        {
            using var parsed = JsonDocument.Parse(document.Json, new JsonDocumentOptions { MaxDepth = JsonPreprocessor.MaxDepth + 1 });
            config = Bind(parsed.RootElement, problems, document.Positions);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A validator that throws is a bug; the file still gets an answer (exit 2, not a stack trace), and the fuzz
            // test fails on this message so the bug is found.
            return Failed(ConfigError.ForFile(file, $"{InternalError}: {error.GetType().Name}: {error.Message}", "please report it with the file that caused it"));
        }

        // An unset variable or a lone surrogate leaves a stand-in value behind; complaints about that value only repeat it.
        var standIns = document.Problems.Select(p => p.Path).Concat(document.Located.Select(l => l.Problem.Path)).ToHashSet(StringComparer.Ordinal);
        var errors = problems
            .Where(p => !standIns.Contains(p.Path) || document.Problems.Contains(p))
            .Select(p => Locate(p, file, document.Positions))
            .Concat(document.Located.Select(l => Locate(l, file)))
            .Distinct()
            .OrderBy(e => e.Line).ThenBy(e => e.Column)
            .ToList();
        return new ConfigLoadResult(errors.Count == 0 ? config : null, errors);
    }

    /// <summary>The start of the message a validator's unexpected exception turns into.</summary>
    public const string InternalError = "internal error while validating";

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
        var defaults = ReadSection<DefaultsDefinition>(root, "defaults", shapeProblems, problems) ?? new DefaultsDefinition();
        semantic.ValidateDefaults(defaults, defaultsPath);

        var notificationsRead = ReadSection<NotificationsDefinition>(root, "notifications", shapeProblems, problems);
        var notifications = notificationsRead ?? new NotificationsDefinition();
        semantic.ValidateNotifications(notifications, JsonPath.Property(JsonPath.Root, "notifications"));

        var scheduler = ReadSection<SchedulerDefinition>(root, "scheduler", shapeProblems, problems) ?? new SchedulerDefinition();
        var store = ReadSection<StoreDefinition>(root, "store", shapeProblems, problems) ?? new StoreDefinition();
        semantic.ValidateScheduling(scheduler, store, JsonPath.Property(JsonPath.Root, "scheduler"));

        var sources = new Dictionary<string, SourceDefinition>(StringComparer.Ordinal);
        var sourceNames = new List<string>();
        if (root.TryGetProperty("sources", out var sourcesElement) && sourcesElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in sourcesElement.EnumerateObject())
            {
                var path = JsonPath.Property(JsonPath.Property(JsonPath.Root, "sources"), member.Name);
                var source = Read<SourceDefinition>(member.Value, path, shapeProblems, problems);
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
                checks.Add((item, Read<CheckDefinition>(item, path, shapeProblems, problems), path));
            }
        }

        semantic.ValidateChecks(checks, sourceNames, sources, defaults, positions);
        if (notificationsRead is not null || !root.TryGetProperty("notifications", out _))
        {
            // Only against webhooks that were read: a broken notifications section would make every channel look unmapped.
            semantic.ValidateChannels(notifications, defaults, checks.Select(c => (c.Check, c.Path)));
        }

        var schema = root.TryGetProperty("$schema", out var schemaElement) && schemaElement.ValueKind == JsonValueKind.String ? schemaElement.GetString() : null;
        return new MonitorConfig { Schema = schema, Defaults = defaults, Notifications = notifications, Scheduler = scheduler, Store = store, Sources = sources, Checks = [.. checks.Select(c => c.Check!).Where(c => c is not null)] };
    }

    private T? ReadSection<T>(JsonElement root, string property, List<string> shapeProblems, List<ConfigProblem> problems)
        where T : class =>
        root.TryGetProperty(property, out var element) ? Read<T>(element, JsonPath.Property(JsonPath.Root, property), shapeProblems, problems) : null;

    // Each piece is bound on its own, so one broken check does not hide the problems of the others.
    private T? Read<T>(JsonElement element, string path, List<string> shapeProblems, List<ConfigProblem> problems)
        where T : class
    {
        if (shapeProblems.Any(p => p == path || p.StartsWith(path + ".", StringComparison.Ordinal) || p.StartsWith(path + "[", StringComparison.Ordinal)))
        {
            return null;
        }

        try
        {
            return element.Deserialize<T>(_options);
        }
        catch (JsonException error)
        {
            // What the structural rules let through but the binder still refuses (a "type" written twice, say).
            shapeProblems.Add(path);
            problems.Add(new ConfigProblem(path, "cannot be read: " + error.Message.Split(" Path:")[0].TrimEnd('.', ' '), "fix the value at this position"));
            return null;
        }
    }

    private static ConfigError Locate(ConfigProblem problem, string file, IReadOnlyDictionary<string, JsonPosition> positions)
    {
        // A missing field has no position of its own: point at the object that lacks it.
        for (var path = problem.Path; path is not null; path = JsonPath.Parent(path))
        {
            if (positions.TryGetValue(path, out var position))
            {
                return Printable(new ConfigError(file, position.Line, position.Column, problem.Path, problem.Message, problem.Hint));
            }
        }

        return Printable(new ConfigError(file, 1, 1, problem.Path, problem.Message, problem.Hint));
    }

    private static ConfigError Locate(LocatedProblem located, string file) => Printable(located.Position is { } at
        ? new ConfigError(file, at.Line, at.Column, located.Problem.Path, located.Problem.Message, located.Problem.Hint)
        : ConfigError.ForFile(file, located.Problem.Message, located.Problem.Hint));

    // Text from the file (names, values) is echoed in messages: a newline or a bidi override in it must not break the line.
    private static ConfigError Printable(ConfigError error) => error with
    {
        Path = PrintableText.Escape(error.Path),
        Message = PrintableText.Escape(error.Message),
        Hint = error.Hint is null ? null : PrintableText.Escape(error.Hint),
    };

    private static ConfigLoadResult Failed(ConfigError error) => new(null, [error]);

    private static ConfigLoadResult TooLarge(string path, long? length)
    {
        var problem = RawFile.TooLarge(length);
        return Failed(ConfigError.ForFile(path, problem.Message, problem.Hint));
    }
}
