using System.Globalization;
using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Kinds;

/// <summary>
/// A learned threshold judged on the check's own recorded runs (<see cref="RecordedRuns"/>): the static bounds win when
/// crossed, then the range learned from the runs before this one's scheduled slot. No query beyond the check's own.
/// </summary>
internal static class RecordedAnomaly
{
    /// <summary>What the expected text says a learned range judges.</summary>
    public const string Within = "within the learned range";

    /// <summary>The static bounds, described with the learned range beside them (or alone when none is set).</summary>
    public static StaticBounds Threshold(StaticBounds bounds, bool bounded, AnomalyDefinition? anomaly) =>
        anomaly is null ? bounds : !bounded ? StaticBounds.None(Within) : bounds.With(bounds.Expected + "; " + Within);

    /// <summary>
    /// The static verdict judged again against the learned range: status, the range (and slot) or what training is
    /// missing inserted before the thresholds' text, a sparkline of the recorded runs. An UNKNOWN verdict or one without
    /// a value stands. The value stays even when an untrained check is UNKNOWN by request, so the run is recorded.
    /// </summary>
    /// <param name="signed">Whether values may be negative (a sql number): the range is then not cut at zero.</param>
    public static Evaluation Judge(Evaluation verdict, AnomalyDefinition? anomaly, CheckDefinition check, CheckContext context, AnomalyValueKind kind, Func<double, string> format, bool signed = false)
    {
        if (anomaly is null || verdict.Status == CheckStatus.Unknown || verdict.Value is not { } value)
        {
            return verdict;
        }

        var learned = Learn(anomaly, verdict.Status, value, check, context, kind, format, signed);
        var tail = "; " + verdict.Expected;
        var message = verdict.Message.EndsWith(tail, StringComparison.Ordinal)
            ? $"{verdict.Message[..^tail.Length]}, {learned.Text}{tail}"
            : $"{verdict.Message}, {learned.Text}";
        return verdict with { Status = learned.Status, Message = $"{message} {learned.Sparkline}", ExpectedRange = learned.Range };
    }

    /// <summary>The learned verdict on one value whose static verdict is <paramref name="statically"/>.</summary>
    public static LearnedVerdict Learn(AnomalyDefinition anomaly, CheckStatus statically, double value, CheckDefinition check, CheckContext context, AnomalyValueKind kind, Func<double, string> format, bool signed)
    {
        var cron = context.Defaults.ScheduleOf(check);
        var width = RecordedRuns.Interval(cron, context.TimeZone);
        var (slot, training) = RecordedRuns.Series(context.History, cron, context.TimeZone, width, context.Now);
        var (status, expectation) = LearnedCount.Judge(anomaly, statically, value, training, slot, context.TimeZone, kind);
        if (expectation.Band is not { } band)
        {
            return new LearnedVerdict(status, Learning(expectation, width), LearnedCount.Sparkline(training, value), null);
        }

        var low = signed ? band.Warning.Low : Math.Max(0, band.Warning.Low);
        return new LearnedVerdict(status, LearnedCount.Describe(expectation, slot, context.TimeZone, format, signed, value), LearnedCount.Sparkline(training, value), (low, band.Warning.High));
    }

    /// <summary>Why a learned threshold on recorded runs cannot work for this check's schedule, at its "anomaly" field.</summary>
    public static IEnumerable<ConfigProblem> Validate(AnomalyDefinition? anomaly, CheckDefinition check, string path, DefaultsDefinition defaults, AnomalyValueKind kind)
    {
        if (anomaly is null || IntervalOf(defaults.ScheduleOf(check), defaults.Timezone) is not { } width)
        {
            yield break;
        }

        var at = JsonPath.Property(path, "anomaly");
        if (width < RecordedRuns.Shortest)
        {
            yield return new ConfigProblem(at, $"a learned threshold learns from the check's recorded runs, one per scheduled run, and its schedule runs every {Duration.Format(width)}: at least {Duration.Format(RecordedRuns.Shortest)} apart is needed", "set \"schedule\" to run the check at most once a minute");
        }
        else if (LearnedCount.Settings(anomaly, TimeZoneInfo.Utc, kind).Problem(width) is { } problem)
        {
            yield return new ConfigProblem(at, $"{problem} (it learns from the check's recorded runs, one bucket per scheduled run, every {Duration.Format(width)})", "see README \"Learned thresholds\" for the settings and their defaults");
        }
    }

    /// <summary>A lag in seconds as a duration ("5m12s").</summary>
    public static string Lag(double seconds) =>
        seconds < 1 ? "0s" : Duration.Format(TimeSpan.FromSeconds(Math.Round(seconds)));

    // The schedule's own errors are reported at "schedule"; nothing is said here of a schedule that does not parse.
    private static TimeSpan? IntervalOf(string cron, string zone)
    {
        try
        {
            return RecordedRuns.Interval(cron, TimeZones.Find(zone));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Needs as many runs as the model asks of its training.
    private static string Learning(AnomalyExpectation expectation, TimeSpan width)
    {
        var needed = AnomalySettings.MinimumPoints(expectation.MinimumTraining, width);
        return string.Create(CultureInfo.InvariantCulture, $"learning: {expectation.TrainingPoints} of {needed} runs recorded, over {Span(expectation.TrainingCovered)} of the {Span(expectation.MinimumTraining)} needed (one run every {Span(width)})");
    }

    private static string Span(TimeSpan span) => span < TimeSpan.FromSeconds(1) ? "0s" : Duration.Format(span);
}

/// <summary>A learned verdict on one value: its status, the range or what training is missing, the runs as bars, the range.</summary>
internal sealed record LearnedVerdict(CheckStatus Status, string Text, string Sparkline, (double Low, double High)? Range);
