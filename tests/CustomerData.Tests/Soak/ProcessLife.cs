using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CustomerData.Tests.Soak;

/// <summary>
/// One serve process as the accounting sees it, read from what it printed: when each schedule was registered
/// ("Scheduled ..."), which fires completed (CheckGroupJob's "fired for {FireTime}" line, written after recording,
/// alerting and delivery), and how the process ended.
/// </summary>
internal sealed partial record ProcessLife(
    int Number,
    DateTimeOffset Started,
    IReadOnlyDictionary<string, DateTimeOffset> ScheduledAt,
    IReadOnlyDictionary<(string Schedule, DateTimeOffset Fire), DateTimeOffset> Completed,
    DateTimeOffset? Signalled,
    StopSignal Signal,
    bool StopTimedOut,
    DateTimeOffset Ended,
    int? ExitCode)
{
    /// <summary>Exit code 2 within its life: checks.json was unreadable at start, so it never ran anything.</summary>
    public bool Refused => ExitCode == 2 && ScheduledAt.Count == 0;

    /// <summary>The process was stopped (or died) while this fire was still running.</summary>
    public bool Interrupted(string schedule, DateTimeOffset fire) =>
        fire >= Started && fire <= Ended && !Completed.ContainsKey((schedule, fire));

    public static ProcessLife From(ServeProcess process, DateTimeOffset now)
    {
        var scheduled = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var completed = new Dictionary<(string, DateTimeOffset), DateTimeOffset>();
        foreach (var (at, line) in process.Lines())
        {
            if (!line.StartsWith('{') || Parse(line) is not { } entry || !entry.TryGetProperty("State", out var state))
            {
                continue;
            }

            var category = entry.TryGetProperty("Category", out var c) ? c.GetString() ?? "" : "";
            var schedule = state.TryGetProperty("Schedule", out var s) ? Cron(s.GetString()) : null;
            var format = state.TryGetProperty("{OriginalFormat}", out var f) ? f.GetString() ?? "" : "";
            if (schedule is null)
            {
                continue;
            }

            if (category.EndsWith("ScheduleSynchronizer", StringComparison.Ordinal) && format.StartsWith("Scheduled ", StringComparison.Ordinal))
            {
                scheduled[schedule] = at;
            }
            else if (category.EndsWith("CheckGroupJob", StringComparison.Ordinal) && state.TryGetProperty("FireTime", out _)
                && FireTime().Match(entry.TryGetProperty("Message", out var m) ? m.GetString() ?? "" : "") is { Success: true } fire
                && DateTimeOffset.TryParse(fire.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var fireTime))
            {
                // The rendered message carries the fire time to the tick ({FireTime:O}); the State value is cut to the second.
                completed[(schedule, fireTime.ToUniversalTime())] = at;
            }
        }

        return new ProcessLife(process.Number, process.StartedAt, scheduled, completed, process.SignalledAt, process.Signal, process.StopTimedOut,
            process.ExitedAt ?? now, process.ExitCode);
    }

    [GeneratedRegex(@"fired for (\S+) ")]
    private static partial Regex FireTime();

    // The job's name is "<cron> @ <time zone>".
    private static string? Cron(string? jobName) =>
        jobName?.Split(" @ ", 2)[0];

    private static JsonElement? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
