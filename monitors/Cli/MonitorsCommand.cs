using System.CommandLine;
using CustomerData.Alerts.Datadog;
using CustomerData.Checks;
using CustomerData.Monitors.Output;

namespace CustomerData.Monitors.Cli;

/// <summary>monitors export: the Datadog monitors of checks.json, as Terraform JSON or as API bodies.</summary>
internal static class MonitorsCommand
{
    private const string Example = "dotnet run --project monitors -- monitors export --format terraform --out deploy/datadog";

    public static Command Create(CliConsole console)
    {
        var command = new Command("monitors", $"""
            Datadog monitors generated from checks.json, so Datadog and the file never drift.

            Example:
              {Example}
            """);
        command.Subcommands.Add(Export(console));
        return command;
    }

    private static Command Export(CliConsole console)
    {
        var format = new Option<string>("--format") { Description = "terraform (one monitors.tf.json) or api (one POST /api/v1/monitor body per check).", DefaultValueFactory = _ => "terraform" };
        format.AcceptOnlyFromAmong("terraform", "api");
        var output = new Option<string?>("--out") { Description = "Directory to write into, created when missing; standard output when omitted." };
        // Every enabled check, no --check or --tag: applying a partial Terraform file would delete the other monitors.
        var command = new Command("export", $"""
            Writes one Datadog monitor per enabled check: a service-check monitor on customer_data.check (tag
            check:<name>) with alert_after as its flap guard, a no-data alert at twice the longest gap of the check's
            schedule, and its renotify_after. terraform writes monitors.tf.json; api writes one POST /api/v1/monitor
            body per check (<check>.json). Without --out, standard output gets the Terraform document or a JSON array
            of the bodies. Exit 0 when exported, 2 on an invalid configuration.

            Examples:
              {Example}
              dotnet run --project monitors -- monitors export --format api --out build/monitors
            """);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            var config = loaded?.Config;
            if (config is null)
            {
                return ExitCodes.ConfigurationError;
            }

            var monitors = new MonitorDefinitionBuilder(Catalog.Default).Build(config);
            IMonitorWriter writer = parse.GetValue(format) == "api" ? new ApiMonitorWriter() : new TerraformMonitorWriter();
            if (parse.GetValue(output) is not { } directory)
            {
                await console.Out.WriteAsync(writer.Document(monitors)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var files = writer.Files(monitors);
            try
            {
                Directory.CreateDirectory(directory);
                foreach (var file in files)
                {
                    await AtomicFile.WriteAllTextAsync(Path.Combine(directory, file.Name), file.Content, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"cannot write to {directory}: {error.Message}");
                return ExitCodes.ConfigurationError;
            }

            console.Error.WriteLine($"Wrote {monitors.Count} monitor{(monitors.Count == 1 ? string.Empty : "s")} in {files.Count} file{(files.Count == 1 ? string.Empty : "s")} to {directory}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
