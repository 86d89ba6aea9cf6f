using System.CommandLine;
using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Composition;
using CustomerData.Monitors.Output;

namespace CustomerData.Monitors.Cli;

/// <summary>mute and unmute: silence a check's Slack messages for a while; it is still measured and sent to Datadog.</summary>
internal static class MuteCommands
{
    public static Command Mute(CliConsole console)
    {
        var check = new Argument<string>("check") { Description = "The check to silence." };
        var forOption = new Option<string?>("--for") { Description = "How long, such as 2h or 1d." };
        var until = new Option<string?>("--until") { Description = "Until when: a future ISO 8601 instant with Z or an offset, such as 2026-12-01T09:00:00Z." };
        var reason = new Option<string?>("--reason") { Description = "Why, for whoever wonders later." };
        var command = new Command("mute", """
            Silences a check's Slack messages until a time; it is still measured and sent to Datadog, and an open
            failure is announced once the mute ends. Stored where `run` and `serve` read it: state.db in --data-dir,
            or PostgreSQL with store.type postgres.

            Example:
              cdm mute orders_freshness --for 2h --reason "backfill running"
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

            var (end, problem) = MuteEnd.Of(parse.GetValue(forOption), parse.GetValue(until), console.Time.GetUtcNow());
            if (problem is not null)
            {
                console.Error.WriteLine(problem);
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
              cdm unmute orders_freshness
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

    public static Command List(CliConsole console)
    {
        var command = new Command("mutes", """
            Lists the checks muted now: those muted with `mute` (in the store `run` and `serve` read) and those with
            muted_until in checks.json, each with when the mute ends, how long is left and why. `run` marks them
            "(muted)" in its table.

            Example:
              cdm mutes
            """);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            if (loaded is null)
            {
                return ExitCodes.ConfigurationError;
            }

            await using var stores = await Stores.OpenAsync(loaded, console.Environment, cancellationToken, console.Time).ConfigureAwait(false);
            var now = console.Time.GetUtcNow();
            var mutes = await ActiveAsync(loaded.Config, stores, now, cancellationToken).ConfigureAwait(false);
            MuteTableWriter.Write(console.Out, mutes, now, stores.Description);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The mutes in force at <paramref name="now"/>: the store's, then checks.json's muted_until, by check name.</summary>
    public static async Task<IReadOnlyList<ActiveMute>> ActiveAsync(
        MonitorConfig config, Stores stores, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await stores.GuardAsync(() => stores.Alerts.LoadMutesAsync(cancellationToken)).ConfigureAwait(false);
        var fromStore = stored.Values.Where(m => m.Until > now).Select(m => new ActiveMute(m.Check, m.Until, m.Reason, InStore: true));
        var fromFile = config.Checks.Where(c => c.MutedUntil > now)
            .Select(c => new ActiveMute(c.Name, c.MutedUntil!.Value, null, InStore: false));
        return [.. fromStore.Concat(fromFile).OrderBy(m => m.Check, StringComparer.Ordinal).ThenBy(m => m.InStore ? 0 : 1)];
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
