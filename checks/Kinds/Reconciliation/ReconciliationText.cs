using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Kinds.Reconciliation;

/// <summary>How a reconciliation names its sides, its span and its numbers in messages.</summary>
internal static class ReconciliationText
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>A share as a percentage: 0.03 is "3%", 0.00125 "0.125%".</summary>
    public static string Percent(double share) => (share * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    /// <summary>A side by table and source: "crm.customer_profiles (warehouse)".</summary>
    public static string Side(ReconciliationSide side) => $"{side.Table} ({side.Source})";

    /// <summary>A number as messages write it: "9,700", "1,234.5".</summary>
    public static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// The span and the lag, after the counts: "for 2026-11-30 (lag 2h)" for a complete day, "in 2026-11-30 10:00 to
    /// 2026-11-30 11:00 (Europe/Paris)" otherwise, "over the whole tables" without a window.
    /// </summary>
    public static string Span(ReconciliationCheckDefinition check, TimeWindow? window, CheckContext context)
    {
        var lag = check.Lag is { } shift ? $" (lag {shift})" : string.Empty;
        if (window is null)
        {
            return "over the whole tables" + lag;
        }

        var start = TimeZoneInfo.ConvertTime(window.Start, context.TimeZone);
        var end = TimeZoneInfo.ConvertTime(window.End, context.TimeZone);
        var alignment = context.Defaults.WindowAlignmentOf(check.WindowAlignment);
        if (alignment == WindowAlignment.Complete && check.Window!.Value.Value >= Day && start.TimeOfDay == TimeSpan.Zero && end.TimeOfDay == TimeSpan.Zero)
        {
            var last = end.AddDays(-1);
            var days = start.Date == last.Date ? $"{start:yyyy-MM-dd}" : $"{start:yyyy-MM-dd} to {last:yyyy-MM-dd}";
            return "for " + days + lag;
        }

        return WindowResolver.Describe(window, null, context) + lag;
    }
}
