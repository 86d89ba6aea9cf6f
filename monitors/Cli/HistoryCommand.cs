using System.CommandLine;
using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.Composition;

namespace CustomerData.Monitors.Cli;

/// <summary>history: a check's stored results over a span of time.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliConsole console)
    {
        var check = new Option<string>("--check") { Description = "The check whose results to print.", Required = true };
        var since = new Option<string>("--since") { Description = "How far back, such as 7d or 12h.", DefaultValueFactory = _ => "7d" };
        var format = new Option<string>("--format") { Description = "table, or json (one object per line).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("history", """
            Prints a check's stored results, oldest first: when, status, value, what was seen, duration, bytes.
            Results are stored by `run` and `serve` in --data-dir (or the postgres store).

            Example:
              cdm history --check orders_freshness --since 7d
            """);
        command.Options.Add(check);
        command.Options.Add(since);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            if (loaded is null)
            {
                return ExitCodes.ConfigurationError;
            }

            if (!Duration.TryParse(parse.GetValue(since), out var span))
            {
                console.Error.WriteLine($"--since \"{parse.GetValue(since)}\" is not a duration such as 7d or 12h (at most {Duration.LongestText})");
                return ExitCodes.ConfigurationError;
            }

            var name = parse.GetValue(check)!;
            await using var stores = await Stores.OpenAsync(loaded, console.Environment, cancellationToken, console.Time).ConfigureAwait(false);
            var records = await stores.GuardAsync(() => stores.History.ReadAsync(name, console.Time.GetUtcNow() - span.Value, cancellationToken)).ConfigureAwait(false);
            var known = loaded.Config.Checks.Select(c => c.Name).ToList();

            // A typo must not read as "no results"; a check removed from the file still shows what it recorded.
            if (records.Count == 0 && !known.Contains(name, StringComparer.Ordinal))
            {
                console.Error.WriteLine($"no check named \"{name}\" in the configuration, and no result of it in the last {span}{CheckSelection.Closest(name, known)}");
                return ExitCodes.ConfigurationError;
            }

            var zone = TimeZones.Find(loaded.Config.Defaults.Timezone);
            if (parse.GetValue(format) == "json")
            {
                HistoryJson.Write(console.Out, records, zone);
                return ExitCodes.Ok;
            }

            console.Out.WriteLine($"MEASURED AT ({zone.Id})".PadRight(26) + "  STATUS    VALUE           OBSERVED              DURATION  BYTES");
            foreach (var r in records)
            {
                var value = r.Value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "-";
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{TimeZoneInfo.ConvertTime(r.MeasuredAt, zone):yyyy-MM-dd HH:mm:ss zzz}  {r.Status.ToString().ToUpperInvariant(),-8}  {value,-14}  {r.Observed,-20}  {Duration.Format(TimeSpan.FromMilliseconds(r.DurationMs)),-8}  {r.BytesProcessed?.ToString(CultureInfo.InvariantCulture) ?? "-"}").TrimEnd());
            }

            console.Out.WriteLine($"{records.Count} result{(records.Count == 1 ? string.Empty : "s")} for {name} in the last {span}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
