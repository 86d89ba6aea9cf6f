using CustomerData.Alerts.Slack;
using CustomerData.Checks.Definitions;

namespace CustomerData.Monitors.Cli;

/// <summary>A valid configuration with what came with it: its Slack templates, its file, and the data directory.</summary>
internal sealed record LoadedConfig(MonitorConfig Config, SlackTemplates Templates, string Path, string DataDirectory)
{
    public string BaseDirectory => CommonOptions.BaseDirectory(Path);
}
