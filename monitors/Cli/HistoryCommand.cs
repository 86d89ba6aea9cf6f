using System.CommandLine;
using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Composition;

namespace CustomerData.Monitors.Cli;

/// <summary>history: a check's stored results over a span of time.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliConsole console)
    {
        var check = new Option<string>("--check") { Description = "The check whose results to print.", Required = true };
        var since = new Option<string>("--since") { Description = "How far back, such as 7d or 12h.", DefaultValueFactory = _ => "7d" };
        var command = new Command("history", """
            Prints a check's stored results, oldest first: when, status, value, what was seen, duration, bytes.
            Results are stored by `run` and `serve` in --data-dir (or the postgres store).

            Example:
              cdm history --check orders_freshness --since 7d
            """);
        command.Options.Add(check);
        command.Options.Add(since);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            if (loaded is null)
            {
                return ExitCodes.ConfigurationError;
            }

            if (!Duration.TryParse(parse.GetValue(since), out var span))
            {
                console.Error.WriteLine($"--since \"{parse.GetValue(since)}\" is not a duration such as 7d or 12h");
                return ExitCodes.ConfigurationError;
            }

            await using var stores = await Stores.OpenAsync(loaded, console.Environment, cancellationToken, console.Time).ConfigureAwait(false);
            var records = await stores.GuardAsync(() => stores.History.ReadAsync(parse.GetValue(check)!, console.Time.GetUtcNow() - span.Value, cancellationToken)).ConfigureAwait(false);
            console.Out.WriteLine("MEASURED AT (UTC)    STATUS    VALUE           OBSERVED              DURATION  BYTES");
            foreach (var r in records)
            {
                var value = r.Value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "-";
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.MeasuredAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {r.Status.ToString().ToUpperInvariant(),-8}  {value,-14}  {r.Observed,-20}  {Duration.Format(TimeSpan.FromMilliseconds(r.DurationMs)),-8}  {r.BytesProcessed?.ToString(CultureInfo.InvariantCulture) ?? "-"}").TrimEnd());
            }

            console.Out.WriteLine($"{records.Count} result{(records.Count == 1 ? string.Empty : "s")} for {parse.GetValue(check)} in the last {span}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
