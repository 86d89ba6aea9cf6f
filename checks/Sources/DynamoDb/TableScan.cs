using Amazon.DynamoDBv2.Model;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>The one scan of a table measurement: parallel segments, pages sized to the read budget, items tallied per segment.</summary>
internal sealed class TableScan(BudgetedReader reader, DynamoDbSourceDefinition source, ReadPlan plan)
{
    private const int MaxPageItems = 10_000;

    // Read units per 4 KB: eventually consistent reads cost half.
    private readonly double _unitFactor = source.ConsistentRead ? 1.0 : 0.5;
    private double _unitsPerItem;
    private int _pages;
    private int _exhausted;

    /// <summary>Segments the scan used; a sample spreads over more segments than a full scan.</summary>
    public int Segments { get; private set; }

    /// <summary>Segments read at the same time.</summary>
    public int Parallelism => Math.Max(1, source.ScanSegments);

    /// <summary>Pages read over all segments.</summary>
    public int Pages => _pages;

    /// <summary>Segments read to their end: when all were, a sample is the whole table.</summary>
    public int SegmentsExhausted => _exhausted;

    public async Task<ItemTally> RunAsync(double averageItemBytes, ReadMeter meter, CancellationToken cancellationToken)
    {
        // Until the first page answers, assume items of averageItemBytes (4 KB when the table does not say).
        _unitsPerItem = averageItemBytes > 0 ? Math.Max(averageItemBytes / 4096.0 * _unitFactor, 0.001) : _unitFactor;
        var parallelism = Math.Max(1, source.ScanSegments);
        Segments = SegmentsFor(plan, source);
        var tallies = new ItemTally[Segments];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Segments),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (segment, ct) => tallies[segment] = await ScanSegmentAsync(segment, parallelism, meter, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var total = new ItemTally(plan);
        foreach (var tally in tallies)
        {
            total.Merge(tally);
        }

        return total;
    }

    /// <summary>A full scan uses one segment per parallel reader; a sample spreads over one segment per 50 items, so it comes from all over the key space.</summary>
    public static int SegmentsFor(ReadPlan plan, DynamoDbSourceDefinition source)
    {
        var parallelism = Math.Max(1, source.ScanSegments);
        return plan.Shape == ScanShape.Sample ? Math.Clamp((int)Math.Ceiling(plan.SampleSize / 50.0), parallelism, 1000) : parallelism;
    }

    private async Task<ItemTally> ScanSegmentAsync(int segment, int parallelism, ReadMeter meter, CancellationToken cancellationToken)
    {
        var tally = new ItemTally(plan);
        var quota = plan.Shape == ScanShape.Sample ? (long)Math.Ceiling(plan.SampleSize / (double)Segments) : long.MaxValue;
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            // Size each page so the segments in flight together read about one second of budget.
            var unitsPerItem = Volatile.Read(ref _unitsPerItem);
            var target = Math.Max(source.MaxReadUnitsPerSecond / parallelism, 0.5);
            var limit = (int)Math.Clamp(Math.Floor(target / unitsPerItem), 1, MaxPageItems);
            if (plan.Shape == ScanShape.Sample && plan.Windows.All(w => w is null))
            {
                limit = (int)Math.Min(limit, Math.Max(1, quota - SampleProgress(tally)));
            }

            var request = plan.ScanTemplate(source.ConsistentRead);
            request.Segment = segment;
            request.TotalSegments = Segments;
            request.Limit = limit;
            request.ExclusiveStartKey = startKey;
            // A page reads at most 1 MB: 256 units of 4 KB.
            var estimate = Math.Min(Math.Max(limit * unitsPerItem, 0.5 * _unitFactor), 256 * _unitFactor);
            var page = await reader.ScanAsync(request, estimate, meter, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _pages);
            if (page.ScannedCount is > 0 && page.ConsumedCapacity?.CapacityUnits is { } units)
            {
                Volatile.Write(ref _unitsPerItem, Math.Max(units / page.ScannedCount.Value, 0.001));
            }

            tally.Add(page);
            startKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null && SampleProgress(tally) < quota);

        if (startKey is null)
        {
            Interlocked.Increment(ref _exhausted);
        }

        return tally;
    }

    // How far a sampled segment is: the smallest number of in-scope items any sampled measure has seen.
    private long SampleProgress(ItemTally tally) =>
        plan.Shape != ScanShape.Sample ? 0
            : plan.Scanned.Min(i => plan.Measurement.Measures[i].Scope.NullColumn is null ? tally.Counts[i] : tally.InScope[i]);
}
