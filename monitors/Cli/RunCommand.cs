using System.CommandLine;
using System.Diagnostics;
using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Monitors.Composition;
using CustomerData.Monitors.Output;

namespace CustomerData.Monitors.Cli;

/// <summary>run: runs the selected checks once and prints their results.</summary>
internal static class RunCommand
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgressQuietFor = TimeSpan.FromSeconds(2);

    public static Command Create(CliConsole console)
    {
        var selection = new CheckSelection();
        var format = new Option<string>("--format") { Description = "table (readable) or json (one object per line).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var failOn = new Option<string>("--fail-on") { Description = "The lowest status that fails the run: critical (default) or warning.", DefaultValueFactory = _ => "critical" };
        failOn.AcceptOnlyFromAmong("critical", "warning");
        var noAlerts = new Option<bool>("--no-alerts") { Description = "Measure and send metrics to Datadog, but keep no alert state and send no Slack message." };
        var progress = new Option<bool>("--progress") { Description = "Print progress (\"measured 120/400 checks (30%)\") on standard error from the start, even when it is not a terminal. On a terminal it starts by itself once a run has lasted 2 s." };
        var command = new Command("run", """
            Runs the checks once and prints a result for each; sends metrics and service checks to DogStatsD
            (DD_AGENT_HOST, DD_DOGSTATSD_PORT), moves each check's alert state on (in --data-dir, or the postgres
            store) and sends the Slack messages that calls for. A message whose webhook variable is unset waits in
            the outbox, and the run says so; channels whose webhook is "console" print here.
            Exit codes: 0 all OK; 1 any CRITICAL (or WARNING with --fail-on warning); 2 configuration error;
            3 any UNKNOWN and none CRITICAL, or a store that cannot be reached (one line: what, where, what to check).

            Examples:
              cdm run
              cdm run --check orders_freshness --format json
              cdm run --tag domain:sales --fail-on warning
            """);
        selection.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(failOn);
        command.Options.Add(noAlerts);
        command.Options.Add(progress);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            var config = loaded?.Config;
            var path = loaded?.Path ?? string.Empty;
            var checks = config is null ? null : selection.Select(parse, config, console.Error);
            if (config is null || checks is null)
            {
                return ExitCodes.ConfigurationError;
            }

            // The stores open first: a store that cannot be reached ends the run (exit 3) before the warehouse is queried.
            using var loggers = CliLogging.Create();
            await using var runtime = await MonitorRuntime.CreateAsync(loaded!, !parse.GetValue(noAlerts), console.Environment, console.Time, loggers, console.Error, cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var at = console.Time.GetUtcNow();
            // The mutes in force as the run starts, read before the warehouse so Ctrl+C during the run still prints.
            var muted = runtime.Stores is { } stores && parse.GetValue(format) != "json"
                ? (await MuteCommands.ActiveAsync(config, stores, at, cancellationToken).ConfigureAwait(false)).Select(m => m.Check)
                : config.Checks.Where(c => c.MutedUntil > at).Select(c => c.Name);
            var environment = new SourceEnvironment(CommonOptions.BaseDirectory(path), console.Time, console.Progress);
            var asked = parse.GetValue(progress);
            using var tracker = asked || console.Terminal is { ErrorIsTerminal: true }
                ? new RunProgress(console.Error, console.Time, checks.Count, ProgressEvery, asked ? TimeSpan.Zero : ProgressQuietFor)
                : null;
            await using var sources = tracker?.Wrap(config, Catalog.Default, environment) ?? DataSources.Open(config, Catalog.Default, environment);
            var results = await new CheckEngine(Catalog.Default, sources, console.Time, runtime.History).RunAsync(config, checks, cancellationToken).ConfigureAwait(false);
            tracker?.Done(results.Count);
            var json = parse.GetValue(format) == "json";
            if (json)
            {
                JsonLinesWriter.Write(console.Out, results);
            }
            else
            {
                var style = new TableStyle(console.Width, console.Colour, muted.ToHashSet(StringComparer.Ordinal));
                ResultTableWriter.Write(console.Out, results, Stopwatch.GetElapsedTime(started), style);
                console.Out.WriteLine();
            }

            // Messages of "console" channels go to standard error under --format json, so the JSON stays clean; what
            // waits in the outbox, and why, goes to standard error as one line per channel. Recording is never
            // cancelled: after Ctrl+C the engine returns what it measured (the rest UNKNOWN), and that is kept.
            await runtime.PublishAsync(loaded!, results, at, json ? console.Error : console.Out, console.Error, CancellationToken.None).ConfigureAwait(false);

            return ExitCode(results, parse.GetValue(failOn) == "warning");
        });
        return command;
    }

    internal static int ExitCode(IReadOnlyList<CheckResult> results, bool failOnWarning)
    {
        if (results.Any(r => r.Status == CheckStatus.Critical || (failOnWarning && r.Status == CheckStatus.Warning)))
        {
            return ExitCodes.Critical;
        }

        return results.Any(r => r.Status == CheckStatus.Unknown) ? ExitCodes.Unknown : ExitCodes.Ok;
    }
}
