using System.CommandLine;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

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

    /// <summary>Loads the configuration, printing every error and returning null when it is invalid.</summary>
    public static MonitorConfig? Load(ParseResult parse, CliConsole console, out string path)
    {
        path = parse.GetValue(Config)!;
        var result = new ConfigLoader(Catalog.Default, console.Environment).LoadFile(path);
        if (result.IsValid)
        {
            return result.Config;
        }

        foreach (var error in result.Errors)
        {
            console.Error.WriteLine(error);
        }

        console.Error.WriteLine($"{path}: {result.Errors.Count} error{(result.Errors.Count == 1 ? string.Empty : "s")}");
        return null;
    }

    public static string BaseDirectory(string configPath) =>
        Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? Directory.GetCurrentDirectory();
}
