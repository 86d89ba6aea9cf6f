using CustomerData.Monitors.Cli;

return await CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, TimeProvider.System, Environment.GetEnvironmentVariable), CancellationToken.None).ConfigureAwait(false);
