using System.CommandLine;
using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Monitors.Cost;

namespace CustomerData.Monitors.Cli;

/// <summary>plan: the queries a run would issue, per source and table, with the checks each one serves; with --dry-run, what they would cost.</summary>
internal static class PlanCommand
{
    public static Command Create(CliConsole console)
    {
        var selection = new CheckSelection();
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Dry-run every query on sources that can (BigQuery): bytes per query, per run and per day at the schedule's frequency. Nothing is billed.",
        };
        var command = new Command("plan", """
            Prints the queries a run would issue: one per source and table, with the checks each serves.
            Nothing is executed. With --dry-run, BigQuery estimates each query's bytes (free; exit 2 if it
            refuses one, 3 if it cannot be reached).

            Examples:
              cdm plan --tag domain:sales
              cdm plan --dry-run
            """);
        selection.AddTo(command);
        command.Options.Add(dryRun);
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

            var planner = new Planner(Catalog.Default);
            var now = console.Time.GetUtcNow();
            var plan = planner.Plan(config, checks, now);
            await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(CommonOptions.BaseDirectory(path), console.Time));
            var estimate = parse.GetValue(dryRun);
            var report = new DryRunReport(console.Out);
            var queries = 0;
            foreach (var measurement in plan)
            {
                var source = sources[measurement.Measurement.Source];
                var statements = source.Describe(measurement.Measurement);
                queries += statements.Count;
                // Names stay on this comment line whatever they hold (the commands below quote every value).
                var names = string.Join(", ", measurement.Checks.Select(c => c.Check.Name));
                var target = measurement.Measurement.Target is Checks.Sql.TableTarget ? "table " + measurement.Measurement.Table : measurement.Measurement.Table;
                console.Out.WriteLine(ShellText.Inline($"-- source {measurement.Measurement.Source}, {target}: {names}"));
                if (estimate && source is IDryRunSource dry)
                {
                    await report.WriteAsync(dry, measurement, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    foreach (var statement in statements)
                    {
                        console.Out.WriteLine(statement);
                    }
                }

                WriteSamples(console, source, measurement);
                console.Out.WriteLine();
            }

            console.Out.WriteLine($"-- {queries} quer{(queries == 1 ? "y" : "ies")} for {checks.Count} check{(checks.Count == 1 ? string.Empty : "s")} on {plan.Count} table slice{(plan.Count == 1 ? string.Empty : "s")}");
            if (!estimate)
            {
                return ExitCodes.Ok;
            }

            // The scheduler fires checks by schedule, so each schedule's checks are planned (and estimated) on their own.
            var zone = TimeZones.Find(config.Defaults.Timezone);
            var schedules = new List<(string, double, int, long, long)>();
            foreach (var group in checks.GroupBy(c => c.Schedule ?? config.Defaults.Schedule, StringComparer.Ordinal))
            {
                var (processed, billed) = group.Count() == checks.Count ? (report.Processed, report.Billed) : (0L, 0L);
                if (group.Count() < checks.Count)
                {
                    foreach (var measurement in planner.Plan(config, [.. group], now))
                    {
                        if (sources[measurement.Measurement.Source] is IDryRunSource dry)
                        {
                            var (p, b) = await DryRunReport.TotalAsync(dry, measurement, cancellationToken).ConfigureAwait(false);
                            (processed, billed) = (processed + p, billed + b);
                        }
                    }
                }

                schedules.Add((group.Key, RunsPerDay.Of(group.Key, zone), group.Count(), processed, billed));
            }

            report.WriteTotals(config, schedules);
            return report.Refused > 0 ? ExitCodes.ConfigurationError : report.Failed > 0 ? ExitCodes.Unknown : ExitCodes.Ok;
        });
        return command;
    }

    // A failing check with sample_columns issues one more statement after judging: shown, not counted as a run's query.
    private static void WriteSamples(CliConsole console, IDataSource source, PlannedMeasurement measurement)
    {
        foreach (var planned in measurement.Checks)
        {
            if (planned.Kind.Sample(planned.Check, planned.Context) is { } request && source is ISampleSource sampler)
            {
                console.Out.WriteLine(ShellText.Inline($"-- only when {planned.Check.Name} fails: its failed-row sample (up to {request.Limit} rows)"));
                console.Out.WriteLine(sampler.DescribeSample(request));
            }
        }
    }
}
