using System.CommandLine;
using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Composition;

namespace CustomerData.Monitors.Cli;

/// <summary>mute and unmute: silence a check's Slack messages for a while; it is still measured and sent to Datadog.</summary>
internal static class MuteCommands
{
    public static Command Mute(CliConsole console)
    {
        var check = new Argument<string>("check") { Description = "The check to silence." };
        var forOption = new Option<string?>("--for") { Description = "How long, such as 2h or 1d." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Until when (ISO 8601, such as 2026-12-01T09:00:00Z)." };
        var reason = new Option<string?>("--reason") { Description = "Why, for whoever wonders later." };
        var command = new Command("mute", """
            Silences a check's Slack messages until a time; it is still measured and sent to Datadog, and an open
            failure is announced once the mute ends. Stored where `run` and `serve` read it: state.db in --data-dir,
            or PostgreSQL with store.type postgres.

            Example:
              dotnet run --project monitors -- mute orders_freshness --for 2h --reason "backfill running"
            """);
        command.Arguments.Add(check);
        command.Options.Add(forOption);
        command.Options.Add(until);
        command.Options.Add(reason);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            var name = parse.GetValue(check)!;
            if (loaded is null || !Known(loaded, name, console))
            {
                return ExitCodes.ConfigurationError;
            }

            DateTimeOffset end;
            if (parse.GetValue(until) is { } explicitEnd)
            {
                end = explicitEnd;
            }
            else if (Duration.TryParse(parse.GetValue(forOption), out var span))
            {
                end = console.Time.GetUtcNow() + span.Value;
            }
            else
            {
                console.Error.WriteLine("say how long: --for 2h, or --until 2026-12-01T09:00:00Z");
                return ExitCodes.ConfigurationError;
            }

            await using var stores = await Stores.OpenAsync(loaded, console.Environment, cancellationToken, console.Time).ConfigureAwait(false);
            await stores.GuardAsync(() => stores.Alerts.MuteAsync(new Mute(name, end, parse.GetValue(reason)), cancellationToken)).ConfigureAwait(false);
            console.Out.WriteLine($"{name} is muted until {end.ToUniversalTime():yyyy-MM-dd HH:mm} UTC ({stores.Description}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Unmute(CliConsole console)
    {
        var check = new Argument<string>("check") { Description = "The check to hear from again." };
        var command = new Command("unmute", """
            Ends a mute set with `mute`; a failure still open is announced on the next run.

            Example:
              dotnet run --project monitors -- unmute orders_freshness
            """);
        command.Arguments.Add(check);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            var name = parse.GetValue(check)!;
            if (loaded is null || !Known(loaded, name, console))
            {
                return ExitCodes.ConfigurationError;
            }

            await using var stores = await Stores.OpenAsync(loaded, console.Environment, cancellationToken, console.Time).ConfigureAwait(false);
            var wasMuted = await stores.GuardAsync(() => stores.Alerts.UnmuteAsync(name, cancellationToken)).ConfigureAwait(false);
            console.Out.WriteLine(wasMuted ? $"{name} is no longer muted." : $"{name} was not muted.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool Known(LoadedConfig loaded, string name, CliConsole console)
    {
        if (loaded.Config.Checks.Any(c => c.Name == name))
        {
            return true;
        }

        console.Error.WriteLine($"no check named \"{name}\" in the configuration");
        return false;
    }
}
