using System.CommandLine;

namespace CustomerData.Monitors.Cli;

/// <summary>validate: exit 0 when checks.json is valid, 2 listing every error otherwise.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("validate", """
            Checks the configuration and lists every problem with its file, line, column, JSON path and a hint.
            Exit 0 when valid, 2 otherwise.

            Example:
              dotnet run --project monitors -- validate --config checks.json
            """);
        command.SetAction(parse =>
        {
            var loaded = CommonOptions.Load(parse, console);
            var config = loaded?.Config;
            var path = loaded?.Path ?? string.Empty;
            if (config is null)
            {
                return ExitCodes.ConfigurationError;
            }

            var enabled = config.Checks.Count(c => c.Enabled);
            console.Out.WriteLine($"{path} is valid: {config.Checks.Count} checks ({enabled} enabled) on {config.Sources.Count} source{(config.Sources.Count == 1 ? string.Empty : "s")}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
