using System.CommandLine;
using CustomerData.Alerts.Datadog;
using CustomerData.Alerts.DogStatsd;
using CustomerData.Alerts.State;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Composition;
using CustomerData.Monitors.Output;

namespace CustomerData.Monitors.Cli;

/// <summary>monitors export: the Datadog monitors of checks.json, as Terraform JSON or as API bodies.</summary>
internal static class MonitorsCommand
{
    private const string Example = "cdm monitors export --format terraform --env prod --out deploy/datadog";

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
        var env = new Option<string?>("--env") { Description = "The environment the monitors watch (env:<env> in every query). Default: DD_ENV; without either, every environment." };
        var tags = new Option<string[]>("--tag") { Description = "A tag (k:v) every query also filters on, and every monitor carries; repeat for more.", AllowMultipleArgumentsPerToken = false };
        var skipMutes = new Option<bool>("--skip-mutes") { Description = "Do not read the store's mutes (no downtimes for `mute`; muted_until still counts)." };
        var dashboard = new Option<bool>("--dashboard") { Description = "Export the dashboard instead: dashboard.json (api) or dashboard.tf.json (terraform, datadog_dashboard_json)." };

        // Every enabled check, no --check or --tag: applying a partial Terraform file would delete the other monitors.
        var command = new Command("export", $"""
            Writes one Datadog monitor per enabled check: a service-check monitor on customer_data.check (tag
            check:<name>, env:<env>) that alerts, warns or notifies UNKNOWN after alert_after runs in a row, with a
            no-data alert at twice the longest gap of the check's schedule, and its renotify_after; plus the heartbeat
            monitor of `serve` (customer_data.heartbeat, no data for 5 minutes pages), and a downtime for every active
            mute. terraform writes monitors.tf.json; api writes one POST /api/v1/monitor body per check (<check>.json)
            and one POST /api/v2/downtime body per mute (<check>.downtime.json). Without --out, standard output gets
            the Terraform document or a JSON array of the monitor bodies. Exit 0 when exported, 2 on an invalid
            configuration or argument, 3 when the store holding the mutes cannot be read.

            Examples:
              {Example}
              cdm monitors export --format api --env staging --tag team:customer-data --out build/monitors
            """);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(env);
        command.Options.Add(tags);
        command.Options.Add(skipMutes);
        command.Options.Add(dashboard);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            var config = loaded?.Config;
            if (config is null || Scope(parse.GetValue(env) ?? console.Environment("DD_ENV"), parse.GetValue(tags) ?? [], console) is not { } scope)
            {
                return ExitCodes.ConfigurationError;
            }

            if (parse.GetValue(dashboard))
            {
                return await DashboardExport.WriteAsync(config, scope, parse.GetValue(format) == "api", parse.GetValue(output), console, cancellationToken).ConfigureAwait(false);
            }

            var mutes = parse.GetValue(skipMutes)
                ? new Dictionary<string, Mute>()
                : await MutesAsync(loaded!, console, cancellationToken).ConfigureAwait(false);
            if (mutes is null)
            {
                return ExitCodes.Unknown;
            }

            IReadOnlyList<DatadogMonitor> monitors =
                [.. new MonitorDefinitionBuilder(Catalog.Default).Build(config, scope), HeartbeatMonitor.Build(config, scope)];
            var downtimes = MuteDowntimes.Build(config, mutes, console.Time.GetUtcNow(), scope);
            var api = parse.GetValue(format) == "api";
            IMonitorWriter writer = api ? new ApiMonitorWriter() : new TerraformMonitorWriter();
            if (parse.GetValue(output) is not { } directory)
            {
                if (api && downtimes.Count > 0)
                {
                    console.Error.WriteLine($"{downtimes.Count} active mute(s) are not on standard output: use --out to write their downtime bodies.");
                }

                await console.Out.WriteAsync(writer.Document(monitors, downtimes)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var files = writer.Files(monitors, downtimes);
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

            console.Error.WriteLine(
                $"Wrote {Plural(monitors.Count, "monitor")} and {Plural(downtimes.Count, "downtime")} in {Plural(files.Count, "file")} to {directory}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static MonitorScope? Scope(string? env, string[] tags, CliConsole console)
    {
        env = string.IsNullOrWhiteSpace(env) ? null : env.Trim();
        if (env is not null && DatadogTags.Normalize("env:" + env) is null)
        {
            console.Error.WriteLine($"--env \"{env}\" is not a usable Datadog tag value");
            return null;
        }

        if (tags.FirstOrDefault(tag => DatadogTags.Normalize(tag) is null) is { } bad)
        {
            console.Error.WriteLine($"--tag \"{bad}\" has no letter: Datadog would drop it (write key:value, such as team:customer-data)");
            return null;
        }

        if (env is null)
        {
            console.Error.WriteLine("No --env and no DD_ENV: the monitors watch the results of every environment.");
        }

        return new MonitorScope(env, tags);
    }

    // The mutes of the configured store (state.db or PostgreSQL); a missing state.db has none and is not created.
    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";

    private static async Task<IReadOnlyDictionary<string, Mute>?> MutesAsync(
        LoadedConfig loaded, CliConsole console, CancellationToken cancellationToken)
    {
        if (loaded.Config.Store.Type != StoreType.Postgres && !File.Exists(Path.Combine(loaded.DataDirectory, "state.db")))
        {
            return new Dictionary<string, Mute>();
        }

        try
        {
            await using var stores = await Stores.OpenAsync(loaded, console.Environment, cancellationToken).ConfigureAwait(false);
            return await stores.Alerts.LoadMutesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            var where = loaded.Config.Store.Type == StoreType.Postgres ? "the postgres store" : Path.Combine(loaded.DataDirectory, "state.db");
            console.Error.WriteLine($"error: cannot read the mutes ({error.Message}), {where}: check that the store is reachable, or pass --skip-mutes");
            return null;
        }
    }
}
