using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.Report;

/// <summary>
/// A check's recorded values as inline SVG: one path with a point per result that has a value (a new segment after a
/// result without one), a line per threshold, and a marker on every result that was not OK (at the bottom edge when
/// it has no value). Times run from the span's start to the report's instant.
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
        var values = check.History.Where(r => r.Value is not null).Select(r => r.Value!.Value)
            .Concat(check.Thresholds.Select(t => t.Value)).ToList();
        var (low, high) = values.Count == 0 ? (0d, 1d) : (values.Min(), values.Max());
        if (high - low < 1e-12)
        {
            var pad = Math.Abs(high) > 0 ? Math.Abs(high) * 0.1 : 1;
            (low, high) = (low - pad, high + pad);
        }
        else
        {
            var pad = (high - low) * 0.05;
            (low, high) = (low - pad, high + pad);
        }

        var start = model.Start.ToUnixTimeMilliseconds();
        var length = Math.Max(1, model.GeneratedAt.ToUnixTimeMilliseconds() - start);
        double X(DateTimeOffset at) => Left + ((at.ToUnixTimeMilliseconds() - start) / (double)length * (Width - Left - Right));
        double Y(double value) => Top + ((high - value) / (high - low) * (Height - Top - Bottom));

        var name = ReportText.Html(check.Definition.Name);
        writer.Write($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{name}: values over the last {model.Span}\">");
        writer.Write($"<rect class=\"plot\" x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\"/>");
        foreach (var threshold in check.Thresholds)
        {
            var y = ReportText.Coordinate(Y(threshold.Value));
            writer.Write($"<line class=\"threshold {Level(threshold.Level)}\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y}\" y2=\"{y}\">");
            writer.Write($"<title>{ReportText.Html(threshold.Label)}</title></line>");
        }

        writer.Write("<path class=\"series\" d=\"");
        var move = true;
        foreach (var record in check.History)
        {
            if (record.Value is not { } value)
            {
                move = true;
                continue;
            }

            writer.Write(move ? "M" : " L");
            writer.Write(ReportText.Coordinate(X(record.MeasuredAt)));
            writer.Write(',');
            writer.Write(ReportText.Coordinate(Y(value)));
            move = false;
        }

        writer.Write("\"/>");
        foreach (var record in check.History.Where(r => r.Status != CheckStatus.Ok))
        {
            var cy = record.Value is { } v ? Y(v) : Height - Bottom;
            writer.Write($"<circle class=\"mark {Level(record.Status)}\" cx=\"{ReportText.Coordinate(X(record.MeasuredAt))}\" cy=\"{ReportText.Coordinate(cy)}\" r=\"3\">");
            writer.Write($"<title>{ReportText.Html($"{ReportText.Time(record.MeasuredAt, model.Zone)} {record.Status.ToString().ToUpperInvariant()}: {record.Observed}")}</title></circle>");
        }

        writer.Write($"<text class=\"axis\" x=\"{Left - 4}\" y=\"{Top + 10}\" text-anchor=\"end\">{ReportText.Html(ReportText.Number(Math.Round(high, 4)))}</text>");
        writer.Write($"<text class=\"axis\" x=\"{Left - 4}\" y=\"{Height - Bottom}\" text-anchor=\"end\">{ReportText.Html(ReportText.Number(Math.Round(low, 4)))}</text>");
        writer.Write($"<text class=\"axis\" x=\"{Left}\" y=\"{Height - 6}\">{ReportText.Html(ReportText.Time(model.Start, model.Zone))}</text>");
        writer.Write($"<text class=\"axis\" x=\"{Width - Right}\" y=\"{Height - 6}\" text-anchor=\"end\">{ReportText.Html(ReportText.Time(model.GeneratedAt, model.Zone))}</text>");
        writer.Write("</svg>");
    }

    public static string Level(CheckStatus status) => status.ToString().ToLowerInvariant();
}
