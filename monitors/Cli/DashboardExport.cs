using CustomerData.Alerts.Datadog;
using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Output;

namespace CustomerData.Monitors.Cli;

/// <summary>monitors export --dashboard: the Datadog dashboard of checks.json, to a directory or standard output.</summary>
internal static class DashboardExport
{
    public static async Task<int> WriteAsync(
        MonitorConfig config, MonitorScope scope, bool api, string? directory, CliConsole console, CancellationToken cancellationToken)
    {
        var body = DashboardBuilder.Build(config, scope);
        var file = api ? DashboardWriter.Api(body) : DashboardWriter.Terraform(body);
        if (directory is null)
        {
            await console.Out.WriteAsync(file.Content).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        try
        {
            Directory.CreateDirectory(directory);
            await AtomicFile.WriteAllTextAsync(Path.Combine(directory, file.Name), file.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"cannot write to {directory}: {error.Message}");
            return ExitCodes.ConfigurationError;
        }

        console.Error.WriteLine($"Wrote the dashboard to {Path.Combine(directory, file.Name)}.");
        return ExitCodes.Ok;
    }
}
