using System.CommandLine;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Monitors.Cost;

namespace CustomerData.Monitors.Cli;

/// <summary>plan: the queries a run would issue, per source and table, with the checks each one serves; what DynamoDB reads would
/// consume; with --dry-run, what BigQuery queries would bill; with --monthly, each check's price a month.</summary>
internal static class PlanCommand
{
    /// <param name="catalog">The check kinds and source types; the default one outside tests.</param>
    public static Command Create(CliConsole console, Catalog? catalog = null)
    {
        var selection = new CheckSelection();
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Dry-run every query on sources that can (BigQuery): bytes per query, per run and per day at the schedule's frequency. Nothing is billed.",
        };
        var monthly = new Option<bool>("--monthly")
        {
            Description = "After the plan, each check's price a month: BigQuery bytes billed (dry runs, free) and DynamoDB read units, at the prices in defaults.cost, times its schedule's runs.",
        };
        var command = new Command("plan", """
            Prints the queries a run would issue: one per source and table, with the checks each serves.
            Nothing is executed. DynamoDB reads are estimated from DescribeTable (free) and the read budget.
            With --dry-run, BigQuery estimates each query's bytes (free; exit 2 if it refuses one, 3 if it
            cannot be reached). With --monthly, a table prices each check a month (BigQuery is dry-run).

            Examples:
              cdm plan --tag domain:sales
              cdm plan --dry-run
              cdm plan --monthly
            """);
        selection.AddTo(command);
        command.Options.Add(dryRun);
        command.Options.Add(monthly);
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

            var options = new PlanOptions(parse.GetValue(dryRun), parse.GetValue(monthly));
            return await PlanAsync(console, catalog ?? Catalog.Default, config, path, checks, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> PlanAsync(
        CliConsole console, Catalog catalog, MonitorConfig config, string path, IReadOnlyList<CheckDefinition> checks, PlanOptions options,
        CancellationToken cancellationToken)
    {
        var planner = new Planner(catalog);
        var now = console.Time.GetUtcNow();
        var plan = planner.Plan(config, checks, now);
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(CommonOptions.BaseDirectory(path), console.Time));
        var report = new DryRunReport(console.Out);
        var costs = new List<SliceCost>();
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
            var cost = await SliceCost.EstimateAsync(source, measurement, options.Priced, cancellationToken).ConfigureAwait(false);
            costs.Add(cost);
            if (options.DryRun && cost.Queries is { } estimates)
            {
                report.Write(estimates);
            }
            else
            {
                foreach (var statement in statements)
                {
                    console.Out.WriteLine(statement);
                }
            }

            if (cost.Reads is { } reads)
            {
                ReadEstimateReport.Write(console.Out, measurement, reads, config);
            }

            WriteSamples(console, source, measurement);
            console.Out.WriteLine();
        }

        console.Out.WriteLine($"-- {queries} quer{(queries == 1 ? "y" : "ies")} for {checks.Count} check{(checks.Count == 1 ? string.Empty : "s")} "
            + $"on {plan.Count} table slice{(plan.Count == 1 ? string.Empty : "s")}");
        if (options.Priced)
        {
            await WriteCostsAsync(console, config, checks, options, planner, sources, report, costs, now, cancellationToken).ConfigureAwait(false);
        }

        var refused = costs.Sum(c => c.Refused);
        var failed = costs.Sum(c => c.Failed);
        // Plain plan prints an unavailable read estimate and still exits 0: it was asked for the queries, and printed them.
        return refused > 0 ? ExitCodes.ConfigurationError : failed > 0 && options.Priced ? ExitCodes.Unknown : ExitCodes.Ok;
    }

    // The scheduler fires checks by schedule, so each schedule's checks are planned (and estimated) on their own.
    private static async Task WriteCostsAsync(
        CliConsole console, MonitorConfig config, IReadOnlyList<CheckDefinition> checks, PlanOptions options, Planner planner,
        DataSources sources, DryRunReport report, List<SliceCost> costs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = TimeZones.Find(config.Defaults.Timezone);
        var schedules = new List<(string, double, int, DryRunReport.Total)>();
        var month = new MonthlyReport(config.Defaults.Cost);
        foreach (var group in checks.GroupBy(config.ScheduleOf, StringComparer.Ordinal))
        {
            var groupCosts = costs;
            if (group.Count() < checks.Count)
            {
                groupCosts = [];
                foreach (var measurement in planner.Plan(config, [.. group], now))
                {
                    var source = sources[measurement.Measurement.Source];
                    groupCosts.Add(await SliceCost.EstimateAsync(source, measurement, dryRun: true, cancellationToken).ConfigureAwait(false));
                }
            }

            var runsPerDay = RunsPerDay.Of(group.Key, zone);
            schedules.Add((group.Key, runsPerDay, group.Count(), DryRunReport.Total.Of(groupCosts.SelectMany(c => c.Queries ?? []))));
            month.Add(runsPerDay, groupCosts);
        }

        if (options.DryRun)
        {
            report.WriteTotals(config, schedules);
        }

        if (options.Monthly)
        {
            console.Out.WriteLine();
            month.Write(console.Out, checks);
        }
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

    private sealed record PlanOptions(bool DryRun, bool Monthly)
    {
        /// <summary>Costs are asked for: BigQuery is dry-run, and an estimate that cannot be made exits 3.</summary>
        public bool Priced => DryRun || Monthly;
    }
}
