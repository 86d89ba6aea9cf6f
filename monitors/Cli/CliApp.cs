using System.CommandLine;

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

    /// <summary>Runs the command; an infrastructure failure ends it with exit 3 and one line, never a stack trace.</summary>
    private static async Task<int> InvokeAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Composition.InfrastructureException failure)
        {
            await console.Error.WriteLineAsync(failure.Message).ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Nothing should reach here; if something does, it still ends as one line and an exit code scripts read as a failure.
            await console.Error.WriteLineAsync($"error: {error.GetType().Name}: {FirstLine(error.Message)}, {parse.CommandResult.Command.Name}: see the logs above; this is a bug worth reporting").ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();
}
