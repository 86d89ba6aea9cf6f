using System.Globalization;
using System.Net;

namespace CustomerData.Monitors.Report;

/// <summary>How report values are written: HTML-escaped text, invariant numbers, instants in the configured zone.</summary>
internal static class ReportText
{
    /// <summary>Text escaped for an HTML element or a quoted attribute: &amp;, &lt;, &gt;, both quotes (and Latin-1 letters) become entities.</summary>
    public static string Html(string? text) => string.IsNullOrEmpty(text) ? string.Empty : WebUtility.HtmlEncode(text);

    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>An instant on the wall clock of the zone, with its offset: "2026-11-26 09:00 +01:00".</summary>
    public static string Time(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    /// <summary>A measured amount for people: thousands separated from 100 up ("2,400"), else up to four decimals ("0.0123").</summary>
    public static string Amount(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "#,##0" : "#,##0.####", CultureInfo.InvariantCulture);

    /// <summary>A learned range: "2,400–3,100".</summary>
    public static string Range(double low, double high) => $"{Amount(low)}–{Amount(high)}";

    /// <summary>A coordinate for SVG, at most two decimals.</summary>
    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A runbook that is an absolute http(s) URL, to be linked; anything else is shown as text only.</summary>
    public static bool IsWebLink(string? runbook) =>
        Uri.TryCreate(runbook, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.##} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.##} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.##} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
