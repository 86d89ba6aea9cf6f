namespace CustomerData.Monitors.Report;

/// <summary>
/// SVG path data in few characters, for charts of thousands of points: whole tenths of a chart unit (the path sits in a
/// group scaled by 0.1), an absolute "M" per subpath, then one relative "l" whose pairs follow one another, each the
/// difference of two rounded positions, so no rounding error adds up: "M640,1200l8,-12 8,5 7,0z".
/// </summary>
internal sealed class PathText(TextWriter writer)
{
    /// <summary>Units per chart unit; the chart scales the path's group by its inverse (0.1).</summary>
    public const int Scale = 10;

    private long _x;
    private long _y;
    private bool _first;

    public void MoveTo(double x, double y)
    {
        (_x, _y, _first) = (Tenths(x), Tenths(y), true);
        writer.Write('M');
        Pair(_x, _y);
    }

    public void LineTo(double x, double y)
    {
        var (nextX, nextY) = (Tenths(x), Tenths(y));
        writer.Write(_first ? 'l' : ' ');
        Pair(nextX - _x, nextY - _y);
        (_x, _y, _first) = (nextX, nextY, false);
    }

    public void Close() => writer.Write('z');

    private static long Tenths(double value) => (long)Math.Round(value * Scale, MidpointRounding.AwayFromZero);

    private void Pair(long x, long y)
    {
        Span<char> text = stackalloc char[48];
        x.TryFormat(text, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        text[written++] = ',';
        y.TryFormat(text[written..], out var more, provider: System.Globalization.CultureInfo.InvariantCulture);
        writer.Write(text[..(written + more)]);
    }
}
