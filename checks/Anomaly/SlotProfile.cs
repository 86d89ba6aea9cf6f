namespace CustomerData.Checks.Anomaly;

/// <summary>The sorted training values of each seasonal slot (anomalous buckets left out), for medians and leave-one-out medians.</summary>
internal sealed class SlotProfile
{
    private readonly Dictionary<int, double[]> _sorted;
    private readonly double _overall;

    private SlotProfile(Dictionary<int, double[]> sorted, double overall)
    {
        _sorted = sorted;
        _overall = overall;
    }

    public static SlotProfile Build(double[] values, int[] slots, bool[] excluded)
    {
        var lists = new Dictionary<int, List<double>>();
        var all = new List<double>(values.Length);
        for (var j = 0; j < values.Length; j++)
        {
            if (excluded[j])
            {
                continue;
            }

            if (!lists.TryGetValue(slots[j], out var list))
            {
                lists[slots[j]] = list = [];
            }

            list.Add(values[j]);
            all.Add(values[j]);
        }

        var sorted = lists.ToDictionary(p => p.Key, p => p.Value.Order().ToArray());
        return new SlotProfile(sorted, RobustStats.MedianInPlace(all.ToArray()));
    }

    /// <summary>The slot's median; a slot never seen falls back to the median of all buckets.</summary>
    public double Median(int slot) => _sorted.TryGetValue(slot, out var values) ? RobustStats.MedianOfSorted(values) : _overall;

    /// <summary>
    /// Each bucket minus the median of its slot; with <paramref name="leaveOneOut"/>, of its slot's other buckets: an
    /// honest one-step error, since a bucket never predicts itself (otherwise slots with few buckets, such as
    /// hour_of_week's, would look better than they forecast). Excluded buckets are not in their slot to leave out.
    /// </summary>
    public double[] Residuals(double[] values, int[] slots, bool[] excluded, bool leaveOneOut)
    {
        var residuals = new double[values.Length];
        for (var j = 0; j < values.Length; j++)
        {
            var slot = _sorted.TryGetValue(slots[j], out var sorted) ? sorted : [];
            residuals[j] = values[j] - (excluded[j] || !leaveOneOut ? RobustStats.MedianOfSorted(slot) : RobustStats.MedianWithout(slot, values[j]));
        }

        return residuals;
    }
}
