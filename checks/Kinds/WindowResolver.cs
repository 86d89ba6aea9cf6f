using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Kinds;

/// <summary>Turns a check's window into the exact span of time it measures, and checks that the window makes sense.</summary>
internal static class WindowResolver
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static RowScope Scope(WindowedCheckDefinition check, CheckContext context) =>
        new(check.Filter, Resolve(check, context));

    public static TimeWindow? Resolve(WindowedCheckDefinition check, CheckContext context)
    {
        if (check.Window is not { } window || check.TimeColumn is null)
        {
            return null;
        }

        var alignment = context.Defaults.WindowAlignmentOf(check.WindowAlignment);
        if (alignment == WindowAlignment.Trailing)
        {
            return new TimeWindow(check.TimeColumn, context.Now - window.Value, context.Now);
        }

        // The last complete bucket, cut on the wall clock of the check's time zone: "1d" is yesterday
        // midnight to midnight local time, "1h" the last whole hour, even across a DST change.
        var local = TimeZoneInfo.ConvertTime(context.Now, context.TimeZone).DateTime;
        DateTime endLocal, startLocal;
        if (window.Value >= Day)
        {
            endLocal = local.Date;
            startLocal = endLocal.AddDays(-(int)(window.Value / Day));
        }
        else
        {
            var buckets = local.TimeOfDay.Ticks / window.Value.Ticks;
            endLocal = local.Date.AddTicks(buckets * window.Value.Ticks);
            startLocal = endLocal - window.Value;
        }

        return new TimeWindow(check.TimeColumn, ToInstant(startLocal, context.TimeZone), ToInstant(endLocal, context.TimeZone));
    }

    /// <summary>The rows measured, after "rows": "in the whole table", "where country = 'FR'", "in 2026-11-25 00:00 to ...".</summary>
    public static string Describe(TimeWindow? window, string? filter, CheckContext context)
    {
        var where = string.IsNullOrWhiteSpace(filter) ? string.Empty : "where " + filter.Trim();
        if (window is null)
        {
            return where.Length > 0 ? where : "in the whole table";
        }

        var start = TimeZoneInfo.ConvertTime(window.Start, context.TimeZone);
        var end = TimeZoneInfo.ConvertTime(window.End, context.TimeZone);
        return $"in {start:yyyy-MM-dd HH:mm} to {end:yyyy-MM-dd HH:mm} ({context.TimeZone.Id}){(where.Length > 0 ? " " + where : string.Empty)}";
    }

    public static IEnumerable<ConfigProblem> Validate(WindowedCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        foreach (var problem in Identifiers.Check(check.TimeColumn, path + ".time_column", "column name"))
        {
            yield return problem;
        }

        if (check.Window is not null && check.TimeColumn is null)
        {
            yield return new ConfigProblem(path, "\"window\" needs \"time_column\"", "name the timestamp column the window applies to, such as \"time_column\": \"created_at\"");
        }

        if (check.TimeColumn is not null && check.Window is null)
        {
            yield return new ConfigProblem(path + ".time_column", "\"time_column\" without \"window\" has no effect", "add a window such as \"window\": \"1d\", or remove time_column");
        }

        if (check.Window is { } window && defaults.WindowAlignmentOf(check.WindowAlignment) == WindowAlignment.Complete)
        {
            var whole = window.Value >= Day ? window.Value.Ticks % Day.Ticks == 0 : Day.Ticks % window.Value.Ticks == 0;
            if (!whole)
            {
                yield return new ConfigProblem(path + ".window", $"window \"{window}\" does not cut a day into complete buckets", "with window_alignment \"complete\", use whole days or a window that divides 24h (such as 1h, 6h, 15m)");
            }
        }
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
