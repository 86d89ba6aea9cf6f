using System.CommandLine;
using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;

namespace CustomerData.Monitors.Cli;

/// <summary>plan: the queries a run would issue, per source and table, with the checks each one serves.</summary>
internal static class PlanCommand
{
    public static Command Create(CliConsole console)
    {
        var selection = new CheckSelection();
        var command = new Command("plan", """
            Prints the queries a run would issue: one per source and table, with the checks each serves.
            Nothing is executed.

            Example:
              dotnet run --project monitors -- plan --tag domain:sales
            """);
        selection.AddTo(command);
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

            var plan = new Planner(Catalog.Default).Plan(config, checks, console.Time.GetUtcNow());
            await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(CommonOptions.BaseDirectory(path), console.Time));
            var queries = 0;
            foreach (var measurement in plan)
            {
                var statements = sources[measurement.Measurement.Source].Describe(measurement.Measurement);
                queries += statements.Count;
                console.Out.WriteLine($"-- source {measurement.Measurement.Source}, table {measurement.Measurement.Table}: {string.Join(", ", measurement.Checks.Select(c => c.Check.Name))}");
                foreach (var statement in statements)
                {
                    console.Out.WriteLine(statement);
                }

                console.Out.WriteLine();
            }

            console.Out.WriteLine($"-- {queries} quer{(queries == 1 ? "y" : "ies")} for {checks.Count} check{(checks.Count == 1 ? string.Empty : "s")} on {plan.Count} table slice{(plan.Count == 1 ? string.Empty : "s")}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
