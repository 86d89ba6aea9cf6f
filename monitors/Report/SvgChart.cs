using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;

namespace CustomerData.Monitors.Report;

/// <summary>
/// A check's recorded values as SVG: a shaded band following the learned range each result was judged against (one
/// closed path per run of results that carry one: the high ends left to right, then the low ends back), a line per
/// static threshold, one path with a point per result that has a value (a new segment after a result without one), and
/// a marker on every result that was not OK (at the bottom edge when it has no value). Times run from the span's
/// start to the report's instant. The SVG's own attributes are single-quoted, so it stays small once escaped into
/// the page's double-quoted attribute.
/// </summary>
internal static class SvgChart
{
    private const int Width = 640;
    private const int Height = 170;
    private const int Left = 64;
    private const int Right = 8;
    private const int Top = 8;
    private const int Bottom = 22;

    public static void Write(TextWriter writer, ReportCheck check, ReportModel model)
    {
        var history = check.History;
        var (low, high) = Scale(check);
        var start = model.Start.ToUnixTimeMilliseconds();
        var length = Math.Max(1, model.GeneratedAt.ToUnixTimeMilliseconds() - start);
        double X(DateTimeOffset at) => Left + ((at.ToUnixTimeMilliseconds() - start) / (double)length * (Width - Left - Right));
        // Halves first: the distance between two finite values (1e308 and -1e308) can overflow to infinity.
        double Y(double value) => Top + (((high / 2) - (value / 2)) / ((high / 2) - (low / 2)) * (Height - Top - Bottom));

        var name = ReportText.Html(check.Definition.Name);
        writer.Write($"<svg class='chart' viewBox='0 0 {Width} {Height}' role='img' aria-label='{name}: values over the last {model.Span}'>");
        writer.Write($"<rect class='plot' x='{Left}' y='{Top}' width='{Width - Left - Right}' height='{Height - Top - Bottom}'/>");
        if (history.Any(HasRange))
        {
            writer.Write("<g transform='scale(.1)'><path class='band' d='");
            WriteBand(new PathText(writer), history, X, Y);
            var last = check.LearnedRange is { } range ? $"; at the last run {ReportText.Range(range.Low, range.High)}" : string.Empty;
            writer.Write($"'><title>{ReportText.Html("learned range of each run" + last)}</title></path></g>");
        }

        foreach (var threshold in check.Thresholds)
        {
            var y = ReportText.Coordinate(Y(threshold.Value));
            writer.Write($"<line class='threshold {Level(threshold.Level)}' x1='{Left}' x2='{Width - Right}' y1='{y}' y2='{y}'>");
            writer.Write($"<title>{ReportText.Html(threshold.Label)}</title></line>");
        }

        writer.Write("<g transform='scale(.1)'><path class='series' d='");
        var path = new PathText(writer);
        var move = true;
        foreach (var record in history)
        {
            if (Finite(record.Value) is not { } value)
            {
                move = true;
                continue;
            }

            if (move)
            {
                path.MoveTo(X(record.MeasuredAt), Y(value));
            }
            else
            {
                path.LineTo(X(record.MeasuredAt), Y(value));
            }

            move = false;
        }

        writer.Write("'/></g>");
        foreach (var record in history.Where(r => r.Status != CheckStatus.Ok))
        {
            var cy = Finite(record.Value) is { } v ? Y(v) : Height - Bottom;
            writer.Write($"<circle class='mark {Level(record.Status)}' cx='{ReportText.Coordinate(X(record.MeasuredAt))}' cy='{ReportText.Coordinate(cy)}' r='3'>");
            writer.Write($"<title>{ReportText.Html($"{ReportText.Time(record.MeasuredAt, model.Zone)} {record.Status.ToString().ToUpperInvariant()}: {record.Observed}")}</title></circle>");
        }

        writer.Write($"<text class='axis' x='{Left - 4}' y='{Top + 10}' text-anchor='end'>{ReportText.Html(ReportText.Number(Math.Round(high, 4)))}</text>");
        writer.Write($"<text class='axis' x='{Left - 4}' y='{Height - Bottom}' text-anchor='end'>{ReportText.Html(ReportText.Number(Math.Round(low, 4)))}</text>");
        writer.Write($"<text class='axis' x='{Left}' y='{Height - 6}'>{ReportText.Html(ReportText.Time(model.Start, model.Zone))}</text>");
        writer.Write($"<text class='axis' x='{Width - Right}' y='{Height - 6}' text-anchor='end'>{ReportText.Html(ReportText.Time(model.GeneratedAt, model.Zone))}</text>");
        writer.Write("</svg>");
    }

    public static string Level(CheckStatus status) => status.ToString().ToLowerInvariant();

    // A store can hold what the engine never records (infinity in SQLite, NaN in PostgreSQL, rows of older versions):
    // such a value is drawn as a result without one, so it cannot turn every coordinate of the chart into NaN.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static bool HasRange(ResultPoint point) => Finite(point.ExpectedLow) is not null && Finite(point.ExpectedHigh) is not null;

    /// <summary>The value axis: every recorded value, learned bound and threshold, with 5% room (or 10% of a flat line).</summary>
    private static (double Low, double High) Scale(ReportCheck check)
    {
        var (low, high, any) = (double.MaxValue, double.MinValue, false);
        void Include(double? value)
        {
            if (Finite(value) is { } v)
            {
                (low, high, any) = (Math.Min(low, v), Math.Max(high, v), true);
            }
        }

        foreach (var point in check.History)
        {
            Include(point.Value);
            Include(point.ExpectedLow);
            Include(point.ExpectedHigh);
        }

        foreach (var threshold in check.Thresholds)
        {
            Include(threshold.Value);
        }

        if (!any)
        {
            (low, high) = (0d, 1d);
        }

        var half = (high / 2) - (low / 2);
        var pad = half < 5e-13 ? (Math.Abs(high) > 0 ? Math.Abs(high) * 0.1 : 1) : half * 0.1;
        return (Math.Max(low - pad, double.MinValue), Math.Min(high + pad, double.MaxValue));
    }

    // One closed subpath per run of consecutive results with a learned range: along the high ends, back along the low ends.
    private static void WriteBand(PathText path, IReadOnlyList<ResultPoint> history, Func<DateTimeOffset, double> x, Func<double, double> y)
    {
        var run = new List<ResultPoint>();
        void Flush()
        {
            if (run.Count == 0)
            {
                return;
            }

            path.MoveTo(x(run[0].MeasuredAt), y(run[0].ExpectedHigh!.Value));
            for (var i = 1; i < run.Count; i++)
            {
                path.LineTo(x(run[i].MeasuredAt), y(run[i].ExpectedHigh!.Value));
            }

            for (var i = run.Count - 1; i >= 0; i--)
            {
                path.LineTo(x(run[i].MeasuredAt), y(run[i].ExpectedLow!.Value));
            }

            path.Close();
            run.Clear();
        }

        foreach (var point in history)
        {
            if (HasRange(point))
            {
                run.Add(point);
            }
            else
            {
                Flush();
            }
        }

        Flush();
    }
}
