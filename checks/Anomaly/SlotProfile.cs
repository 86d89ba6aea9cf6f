namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The sorted training values of each seasonal slot (anomalous buckets left out), for medians and leave-one-out medians.
/// A slot seen fewer than <see cref="MinimumSlotValues"/> times (buckets missing) borrows the coarser seasonality's slot
/// (hour_of_week its hour of the day), as the median of one or two values is not robust: with a stalled week among two,
/// it would be half a stall.
/// </summary>
internal sealed class SlotProfile
{
    private const int MinimumSlotValues = 3;

    private readonly Dictionary<int, double[]> _fine;
    private readonly Dictionary<int, double[]> _coarse;
    private readonly double[] _all;

    private SlotProfile(Dictionary<int, double[]> fine, Dictionary<int, double[]> coarse, double[] all)
    {
        _fine = fine;
        _coarse = coarse;
        _all = all;
    }

    public static SlotProfile Build(double[] values, int[] slots, int[] coarseSlots, bool[] excluded) => new(
        Sorted(values, slots, excluded),
        Sorted(values, coarseSlots, excluded),
        [.. values.Where((_, j) => !excluded[j]).Order()]);

    /// <summary>The slot's median.</summary>
    public double Median(int slot, int coarseSlot) => RobustStats.MedianOfSorted(Values(slot, coarseSlot));

    /// <summary>
    /// Each bucket minus the median of its slot; with <paramref name="leaveOneOut"/>, of its slot's other buckets: an
    /// honest one-step error, since a bucket never predicts itself (otherwise slots with few buckets, such as
    /// hour_of_week's, would look better than they forecast). Excluded buckets are not in their slot to leave out.
    /// </summary>
    public double[] Residuals(double[] values, int[] slots, int[] coarseSlots, bool[] excluded, bool leaveOneOut)
    {
        var residuals = new double[values.Length];
        for (var j = 0; j < values.Length; j++)
        {
            var slot = Values(slots[j], coarseSlots[j]);
            residuals[j] = values[j] - (excluded[j] || !leaveOneOut ? RobustStats.MedianOfSorted(slot) : RobustStats.MedianWithout(slot, values[j]));
        }

        return residuals;
    }

    private double[] Values(int slot, int coarseSlot) =>
        _fine.TryGetValue(slot, out var fine) && fine.Length >= MinimumSlotValues ? fine
        : _coarse.TryGetValue(coarseSlot, out var coarse) && coarse.Length >= MinimumSlotValues ? coarse
        : _all;

    private static Dictionary<int, double[]> Sorted(double[] values, int[] slots, bool[] excluded)
    {
        var lists = new Dictionary<int, List<double>>();
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
        }

        return lists.ToDictionary(p => p.Key, p => p.Value.Order().ToArray());
    }
}
