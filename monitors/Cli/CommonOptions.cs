using System.CommandLine;

namespace CustomerData.Monitors.Cli;

/// <summary>The --config option every command shares, and loading the file it names.</summary>
internal static class CommonOptions
{
    public static Option<string> Config { get; } = new("--config", "-c")
    {
        Description = "Path of the checks file.",
        DefaultValueFactory = _ => "checks.json",
        Recursive = true,
    };

    public static Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "Where alert state and the outbox live (state.db). Default: data/ beside the checks file.",
        Recursive = true,
    };

    /// <summary>Loads the configuration and its Slack templates, printing every error and returning null when anything is invalid.</summary>
    public static LoadedConfig? Load(ParseResult parse, CliConsole console)
    {
        var path = parse.GetValue(Config)!;
        var (loaded, errors) = LoadedConfig.Read(path, DataDirectoryOf(parse, path), console.Environment);
        if (loaded is not null)
        {
            return loaded;
        }

        foreach (var error in errors)
        {
            console.Error.WriteLine(error);
        }

        // A problem of the whole file (empty, not UTF-8, missing) is one line already: no count to add.
        if (errors is not [{ IsFileLevel: true }])
        {
            console.Error.WriteLine($"{path}: {errors.Count} error{(errors.Count == 1 ? string.Empty : "s")}");
        }

        return null;
    }

    public static string DataDirectoryOf(ParseResult parse, string configPath) =>
        parse.GetValue(DataDirectory) is { } explicitDirectory ? Path.GetFullPath(explicitDirectory) : Path.Combine(BaseDirectory(configPath), "data");

    public static string BaseDirectory(string configPath) =>
        Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? Directory.GetCurrentDirectory();
}
