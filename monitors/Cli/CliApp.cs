using System.CommandLine;
using System.CommandLine.Parsing;

namespace CustomerData.Monitors.Cli;

/// <summary>The command line: validate, plan, run, demo, schema, monitors export, mute, unmute.</summary>
internal static class CliApp
{
    // Options whose value names a file or directory.
    private static readonly HashSet<string> PathOptions = new(StringComparer.Ordinal) { "--config", "--data-dir", "--out", "--path" };

    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = new RootCommand("""
            CustomerData Monitor: freshness, volume and null-rate checks on customer data.

            Examples:
              cdm run
              cdm validate --config checks.json
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
        root.Subcommands.Add(MuteCommands.List(console));
        root.Subcommands.Add(TablesCommand.Tables(console));
        root.Subcommands.Add(TablesCommand.Describe(console));
        root.Subcommands.Add(MonitorsCommand.Create(console));
        root.Subcommands.Add(HistoryCommand.Create(console));
        root.Subcommands.Add(BacktestCommand.Create(console));
        root.Subcommands.Add(ReportCommand.Create(console));
        if (console.Program != Checks.Definitions.CommandHint.DefaultProgram)
        {
            NameExamples(root, console.Program);
        }

        var parse = root.Parse(args);
        // System.CommandLine exits 1 on a usage error; here 1 means CRITICAL, so usage errors exit 2.
        var errors = parse.Errors.Select(e => e.Message).Concat(EmptyPaths(parse)).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                console.Error.WriteLine(error);
            }

            console.Error.WriteLine("Run with --help for usage.");

            return Task.FromResult(ExitCodes.ConfigurationError);
        }

        return InvokeAsync(parse, console, cancellationToken);
    }

    /// <summary>An empty path (--config "", --out "") names no file: a usage error, not a failure of the command.</summary>
    private static IEnumerable<string> EmptyPaths(ParseResult parse)
    {
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            foreach (var option in (result as CommandResult)?.Children.OfType<OptionResult>() ?? [])
            {
                if (PathOptions.Contains(option.Option.Name) && option.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
                {
                    yield return $"{option.Option.Name} needs a path, not an empty string";
                }
            }
        }
    }

    /// <summary>Help examples are written with cdm; CUSTOMERDATA_COMMAND names the command as it is run here.</summary>
    private static void NameExamples(Command command, string program)
    {
        command.Description = command.Description?.Replace("\n  cdm ", $"\n  {program} ", StringComparison.Ordinal);
        foreach (var sub in command.Subcommands)
        {
            NameExamples(sub, program);
        }
    }

    /// <summary>Runs the command; a failure no command turned into a result ends it with exit 3 and one line, never a stack trace.</summary>
    private static async Task<int> InvokeAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
        };
        if (parse.CommandResult.Command.Name == "serve")
        {
            // serve's host handles SIGTERM and Ctrl+C itself, with scheduler.shutdown_grace; System.CommandLine's own
            // handling would end the process 2 s after the signal with exit 143.
            configuration.ProcessTerminationTimeout = null;
        }

        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Infrastructure failures (a store, the agent's address) come as their own one line; anything else still
            // ends as one line and an exit code scripts read as a failure.
            await console.Error.WriteLineAsync(FatalError.Line($"{parse.CommandResult.Command.Name} failed", error)).ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
    }
}
