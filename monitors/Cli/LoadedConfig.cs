using CustomerData.Alerts.Slack;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Monitors.Cli;

/// <summary>A valid configuration with what came with it: its Slack templates, its file, and the data directory.</summary>
/// <param name="ContentHash">SHA-256 of the checks.json bytes this configuration was loaded from.</param>
internal sealed record LoadedConfig(MonitorConfig Config, SlackTemplates Templates, string Path, string DataDirectory, byte[]? ContentHash = null)
{
    /// <summary>The check kinds and source types the file was read with; everything built from it uses the same.</summary>
    public Catalog Catalog { get; init; } = Catalog.Default;

    public string BaseDirectory => CommonOptions.BaseDirectory(Path);

    /// <summary>Reads and checks the file and its templates; on any error, returns every error and no configuration.</summary>
    public static (LoadedConfig? Config, IReadOnlyList<ConfigError> Errors) Read(string path, string dataDirectory, Func<string, string?> environment)
    {
        var result = new ConfigLoader(Catalog.Default, environment).LoadFile(path);
        var errors = result.Errors.ToList();
        SlackTemplates? templates = null;
        if (result.Config is { } config)
        {
            (templates, var templateErrors) = SlackTemplates.Load(config, path);

            // Template paths come from the file: a control character in one must not break the error's line.
            errors.AddRange(templateErrors.Select(e => e with { Message = PrintableText.Escape(e.Message) }));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var withHint = result.Config! with { Command = CommandHint.For(path, environment) };
        return (new LoadedConfig(withHint, templates!, path, dataDirectory, result.ContentHash), errors);
    }
}
