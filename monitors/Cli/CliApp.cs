using System.CommandLine;
using CustomerData.Alerts.DogStatsd;

namespace CustomerData.Monitors.Cli;

/// <summary>The command line: validate, plan, run, demo, schema, monitors export, mute, unmute.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = new RootCommand("""
            CustomerData Monitor: freshness, volume and null-rate checks on customer data.

            Examples:
              dotnet run --project monitors -- run
              dotnet run --project monitors -- validate --config checks.json
            """);
        root.Options.Add(CommonOptions.Config);
        root.Options.Add(CommonOptions.DataDirectory);
        root.Subcommands.Add(ValidateCommand.Create(console));
        root.Subcommands.Add(PlanCommand.Create(console));
        root.Subcommands.Add(RunCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(SchemaCommand.Create(console));
        root.Subcommands.Add(MuteCommands.Mute(console));
        root.Subcommands.Add(MuteCommands.Unmute(console));
        root.Subcommands.Add(MonitorsCommand.Create(console));
        root.Subcommands.Add(HistoryCommand.Create(console));
        var parse = root.Parse(args);
        // System.CommandLine exits 1 on a usage error; here 1 means CRITICAL, so usage errors exit 2.
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.WriteLine(error.Message);
            }

            console.Error.WriteLine("Run with --help for usage.");

            return Task.FromResult(ExitCodes.ConfigurationError);
        }

        return InvokeAsync(parse, console, cancellationToken);
    }

    // An agent address that cannot be used is an infrastructure failure: one line and exit 3, never a stack trace.
    private static async Task<int> InvokeAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (DogStatsdAddressException error)
        {
            await console.Error.WriteLineAsync(error.Line).ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // What System.CommandLine's default handler did for any other exception, so nothing else changes here.
            await console.Error.WriteLineAsync("Unhandled exception: " + error).ConfigureAwait(false);
            return ExitCodes.Critical;
        }
    }
}
