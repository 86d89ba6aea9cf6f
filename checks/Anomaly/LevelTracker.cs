namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The recent level of the deviations from the seasonal profile: the median of the normal buckets of the last window.
/// When at least three quarters of the last half-window sit beyond the exclusion limit on one side, by no more than the
/// adoptable shift, they are a new level: adopted and counted as normal from then on. While every recent bucket is
/// anomalous and not adoptable (a stall), the last normal level stands.
/// </summary>
internal sealed class LevelTracker(int window, int longWindow, double maxShift, double adoptShare)
{
    private readonly List<double> _values = [];
    private readonly List<int> _sides = [];
    private readonly double[] _scratch = new double[window];
    private double _last;

    /// <summary>Where the last adopted level starts: the buckets before it no longer count for the recent level.</summary>
    private int _adoptedFrom;

    /// <summary>Buckets still marked anomalous (not adopted into a level).</summary>
    public int Anomalous => _sides.Count(s => s != 0);

    /// <summary>Records a bucket's deviation from its slot, with the side it fell on (0 within limits).</summary>
    public void Add(double value, int side)
    {
        _values.Add(value);
        _sides.Add(side);
    }

    public double Current()
    {
        var half = (window + 1) / 2;
        if (_values.Count >= half && TryAdopt(half, out var adopted))
        {
            return _last = adopted;
        }

        var normal = 0;
        for (var i = Math.Max(_adoptedFrom, _values.Count - window); i < _values.Count; i++)
        {
            if (_sides[i] == 0)
            {
                _scratch[normal++] = _values[i];
            }
        }

        return normal > 0 ? _last = RobustStats.MedianInPlace(_scratch.AsSpan(0, normal)) : _last;
    }

    /// <summary>
    /// The median of the normal buckets of the last week (at least four windows): where the level was before a drift the
    /// recent level followed, or a shift it adopted; going back there is no anomaly.
    /// </summary>
    public double LongRun()
    {
        var normal = new List<double>(_values.Count);
        for (var i = Math.Max(0, _values.Count - longWindow); i < _values.Count; i++)
        {
            if (_sides[i] == 0)
            {
                normal.Add(_values[i]);
            }
        }

        return normal.Count == 0 ? _last : RobustStats.MedianInPlace(normal.ToArray());
    }

    private bool TryAdopt(int half, out double level)
    {
        level = 0;
        var from = _values.Count - half;
        var high = 0;
        var low = 0;
        for (var i = from; i < _values.Count; i++)
        {
            high += _sides[i] > 0 ? 1 : 0;
            low += _sides[i] < 0 ? 1 : 0;
        }

        var needed = (int)Math.Ceiling(adoptShare * half);
        if (high < needed && low < needed)
        {
            return false;
        }

        _values.CopyTo(from, _scratch, 0, half);
        level = RobustStats.MedianInPlace(_scratch.AsSpan(0, half));
        if (Math.Abs(level - _last) > maxShift)
        {
            return false;
        }

        for (var i = from; i < _values.Count; i++)
        {
            _sides[i] = 0;
        }

        // Re-baseline: from now on the recent level is learned from the new level's buckets only.
        _adoptedFrom = from;
        return true;
    }
}
