using CustomerData.Monitors.Cli;

var console = new CliConsole(Console.Out, Console.Error, TimeProvider.System, Environment.GetEnvironmentVariable, TerminalInfo.FromConsole());
return await CliApp.RunAsync(args, console, CancellationToken.None).ConfigureAwait(false);
