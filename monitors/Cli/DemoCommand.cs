using System.CommandLine;
using CustomerData.Checks.Demo;

namespace CustomerData.Monitors.Cli;

/// <summary>demo: (re)creates the demo customer-data warehouse.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var path = new Option<string>("--path") { Description = "Where to write the DuckDB file.", DefaultValueFactory = _ => "data/demo.duckdb" };
        var command = new Command("demo", """
            Creates the demo customer-data warehouse (crm.customers, sales.orders, marketing.events; 1.55 M rows)
            with planted problems: a stale table, a null spike and a volume drop. `run` creates it by itself when
            missing; this command rebuilds it on demand.

            Example:
              cdm demo --path data/demo.duckdb
            """);
        command.Options.Add(path);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(path)!;
            var anchor = DemoWarehouse.AnchorFor(console.Time.GetUtcNow());
            console.Error.WriteLine($"Creating the demo warehouse at {target}...");
            try
            {
                await DemoWarehouse.CreateAsync(target, anchor, cancellationToken).ConfigureAwait(false);
            }
            catch (DemoFileRefusedException refused)
            {
                console.Error.WriteLine($"error: {refused.Message}");
                return ExitCodes.ConfigurationError;
            }

            console.Out.WriteLine($"Created {target}: data up to {anchor:yyyy-MM-dd HH:mm} UTC.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
