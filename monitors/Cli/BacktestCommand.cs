using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerData.Checks;
using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Kinds;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Monitors.Output;

namespace CustomerData.Monitors.Cli;

/// <summary>
/// backtest: a learned threshold replayed over past buckets, as if the check had run at the end of each, trained
/// only on the buckets before it; the series comes from the warehouse in one grouped statement.
/// </summary>
internal static class BacktestCommand
{
    public static Command Create(CliConsole console)
    {
        var check = new Option<string>("--check") { Description = "The volume check with \"anomaly\" to replay.", Required = true };
        var from = new Option<string>("--from") { Description = "The first bucket's earliest start (ISO 8601, such as 2026-10-01T00:00:00Z).", Required = true };
        var to = new Option<string>("--to") { Description = "The last bucket's latest end (ISO 8601).", Required = true };
        var format = new Option<string>("--format") { Description = "table, or json (one object per bucket, then a summary).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("backtest", """
            Replays a check's learned threshold over past buckets before enabling it: each bucket of the check's window
            between --from and --to is judged as a run at its end would have judged it, trained only on earlier
            buckets. Reads the warehouse with one grouped statement for the whole span, never a query per bucket.
            Prints each bucket (value, expected range, status), then how many buckets were flagged and how many
            alarms (runs of flagged buckets) on-call would have heard.

            Example:
              cdm backtest --check orders_hourly --from 2026-10-01T00:00:00Z --to 2026-12-01T00:00:00Z
            """);
        command.Options.Add(check);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            if (loaded is null)
            {
                return ExitCodes.ConfigurationError;
            }

            var name = parse.GetValue(check)!;
            if (loaded.Config.Checks.FirstOrDefault(c => c.Name == name) is not VolumeCheckDefinition { Anomaly: not null, Window: { } window, TimeColumn: not null } volume)
            {
                console.Error.WriteLine($"backtest replays a volume check with \"anomaly\", \"window\" and \"time_column\"; \"{name}\" is not one (see README \"Learned thresholds\")");
                return ExitCodes.ConfigurationError;
            }

            if (!TryInstant(parse.GetValue(from)!, out var start) || !TryInstant(parse.GetValue(to)!, out var end) || end <= start)
            {
                console.Error.WriteLine("--from and --to must be ISO 8601 instants with an offset (such as 2026-10-01T00:00:00Z), --from before --to");
                return ExitCodes.ConfigurationError;
            }

            // A bucket still in progress is not judged: a run judges it only once it is complete.
            end = end > console.Time.GetUtcNow() ? console.Time.GetUtcNow() : end;
            var zone = TimeZones.Find(loaded.Config.Defaults.Timezone);
            var buckets = Buckets(volume, loaded.Config.Defaults, zone, start, end);
            if (buckets.Count == 0)
            {
                console.Error.WriteLine($"no whole {window} bucket lies between {Iso(start)} and {Iso(end)}");
                return ExitCodes.ConfigurationError;
            }

            var trainingStart = LearnedCount.TrainingStart(volume.Anomaly!, buckets[0], zone);
            var span = new TimeWindow(volume.TimeColumn!, trainingStart, buckets[^1].End);
            var measure = new Measure(MeasureFunction.BucketedRowCount, new RowScope(volume.Filter, span)) { Bucket = window.Value };
            var measurement = new TableMeasurement(volume.Source, volume.Table, [measure]) { Checks = [new ServedCheck(volume, [0])] };
            await using var sources = DataSources.Open(loaded.Config, Catalog.Default, new SourceEnvironment(CommonOptions.BaseDirectory(loaded.Path), console.Time, console.Progress));
            var source = sources[volume.Source];
            await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            var series = (await source.MeasureAsync(measurement, cancellationToken).ConfigureAwait(false)).Values[0].AsSeries()!;
            var all = new BucketSeries(window.Value, series.Points.Select(p => new BucketValue(p.Start, p.Value)));
            var byStart = series.Points.ToDictionary(p => p.Start, p => p.Value);

            // Each bucket is judged on its own (trained only on the buckets before it), so they are judged in parallel;
            // the seasonality chosen for a day is chosen once for all of its buckets.
            var memo = new SeasonalityMemo();
            var judged = new (TimeWindow Bucket, double Value, CheckStatus Status, AnomalyExpectation Expectation)[buckets.Count];
            var done = 0;
            Parallel.For(0, buckets.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var value = byStart.GetValueOrDefault(buckets[i].Start);
                var (status, expectation) = VolumeKind.Judge(volume, value, all, buckets[i].Start, zone, memo);
                judged[i] = (buckets[i], value, status, expectation);
                var count = Interlocked.Increment(ref done);
                if (count % 1000 == 0 || count == buckets.Count)
                {
                    lock (judged)
                    {
                        console.Progress.Report($"backtest: {count:#,0} of {buckets.Count:#,0} buckets judged");
                    }
                }
            });

            var alarms = AlarmRun.Of(judged.Select(j => (j.Bucket.Start, j.Status switch
            {
                CheckStatus.Critical => AnomalyVerdict.Critical,
                CheckStatus.Warning => AnomalyVerdict.Warning,
                _ => AnomalyVerdict.Ok,
            })));
            var flagged = judged.Count(j => j.Status is CheckStatus.Warning or CheckStatus.Critical);
            if (parse.GetValue(format) == "json")
            {
                foreach (var (bucket, value, status, expectation) in judged)
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(
                        new
                        {
                            check = name,
                            bucket_start = Iso(bucket.Start),
                            bucket_end = Iso(bucket.End),
                            value,
                            expected_low = expectation.Band is { } band ? Math.Max(0, band.Warning.Low) : (double?)null,
                            expected_high = expectation.Band?.Warning.High,
                            status = status.ToString().ToLowerInvariant(),
                        },
                        JsonLinesWriter.Options));
                }

                console.Out.WriteLine(JsonSerializer.Serialize(new { check = name, buckets = judged.Length, flagged, alarms = alarms.Count }, JsonLinesWriter.Options));
                return ExitCodes.Ok;
            }

            console.Out.WriteLine($"BUCKET ({zone.Id})".PadRight(18) + "  VALUE      EXPECTED              STATUS");
            foreach (var (bucket, value, status, expectation) in judged)
            {
                var range = expectation.Band is { } band
                    ? $"{ThresholdText.Count(Math.Max(0, Math.Round(band.Warning.Low)))}–{ThresholdText.Count(Math.Round(band.Warning.High))}"
                    : "(training)";
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{TimeZoneInfo.ConvertTime(bucket.Start, zone):yyyy-MM-dd HH:mm}  {ThresholdText.Count(value),-9}  {range,-20}  {status.ToString().ToUpperInvariant()}"));
            }

            console.Out.WriteLine($"{judged.Length} buckets, {flagged} flagged, {alarms.Count} alarm{(alarms.Count == 1 ? string.Empty : "s")} (runs of flagged buckets) for {name}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    // The check's own buckets, as complete windows ending at each boundary in the span.
    private static List<TimeWindow> Buckets(VolumeCheckDefinition check, DefaultsDefinition defaults, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end)
    {
        var complete = check with { WindowAlignment = WindowAlignment.Complete };
        var buckets = new List<TimeWindow>();
        var last = WindowResolver.Resolve(complete, new CheckContext(end, zone, defaults))!;
        for (var bucket = last; bucket.Start >= start; bucket = WindowResolver.Resolve(complete, new CheckContext(bucket.Start, zone, defaults))!)
        {
            buckets.Add(bucket);
        }

        buckets.Reverse();
        return buckets;
    }

    private static bool TryInstant(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant)
        && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
