using System.Globalization;
using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources.BigQuery;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>
/// What a <see cref="ReadPlan"/> would consume, worked out from DescribeTable's item count and size the way
/// <see cref="TableScan"/> pages: each segment's pages hold about one second of budget (at most 1 MB), and DynamoDB
/// rounds each page up to 4 KB, charging 0.5 read unit per 4 KB eventually consistent and 1 strongly consistent.
/// </summary>
internal static class ReadEstimator
{
    private const double UnitBytes = 4096;
    private const double PageBytes = 1024 * 1024;
    private const int MaxPageItems = 10_000;

    public static ReadEstimate Estimate(ReadPlan plan, TableDescription table, DynamoDbSourceDefinition source)
    {
        var measures = plan.Measurement.Measures;
        var budget = source.MaxReadUnitsPerSecond;
        var lines = new List<string>();
        var parts = new List<ReadPart>();
        var warnings = new List<string>();
        if (plan.Metadata.Count > 0)
        {
            lines.Add("item count from DescribeTable: no read units");
            parts.Add(new ReadPart(0, ServedChecks.Of(plan.Measurement, plan.Metadata)));
        }

        foreach (var i in plan.Indexed)
        {
            var lookup = DynamoDbOptions.Of(measures[i]).Index!;
            var global = (table.GlobalSecondaryIndexes ?? []).FirstOrDefault(x => x.IndexName == lookup.Name);
            var local = (table.LocalSecondaryIndexes ?? []).FirstOrDefault(x => x.IndexName == lookup.Name);
            // One Query with Limit=1 reads one key-sized item: the minimum, 4 KB, per partition key value.
            var strong = source.ConsistentRead && global is null;
            var units = lookup.PartitionKeyValues.Count * (strong ? 1.0 : 0.5);
            var size = global is not null ? Size(global.ItemCount, global.IndexSizeBytes)
                : local is not null ? Size(local.ItemCount, local.IndexSizeBytes)
                : "not found: the check will be UNKNOWN";
            var queries = Text($"{lookup.PartitionKeyValues.Count:#,0} Query (Limit=1) on index {ShellText.Inline(lookup.Name)} ({size})");
            lines.Add($"{queries} → {Cost(units, strong, budget)}");
            parts.Add(new ReadPart(units, ServedChecks.Of(plan.Measurement, [i])));
        }

        if (plan.Shape != ScanShape.None)
        {
            parts.Add(Scan(plan, table, source, lines, warnings));
        }

        if (plan.Attributes.Count > 0)
        {
            // A schema reads whole items (their attribute names and types), the first page of them.
            var items = Math.Min(DynamoDbSource.SchemaSample, table.ItemCount ?? DynamoDbSource.SchemaSample);
            var itemBytes = table.ItemCount is > 0 && table.TableSizeBytes is { } bytes ? (double)bytes / table.ItemCount.Value : 4096;
            var units = Math.Max(1, Math.Ceiling(items * itemBytes / 4096)) * (source.ConsistentRead ? 1.0 : 0.5);
            lines.Add($"{Text($"schema: the attributes of the first {items:#,0} items (one Scan page)")} → {Cost(units, source.ConsistentRead, budget)}");
            parts.Add(new ReadPart(units, ServedChecks.Of(plan.Measurement, plan.Attributes)));
        }

        var total = parts.Sum(p => p.ReadUnits);
        return new ReadEstimate(lines, parts, TimeSpan.FromSeconds(total / budget), budget, warnings);
    }

    private static ReadPart Scan(ReadPlan plan, TableDescription table, DynamoDbSourceDefinition source, List<string> lines, List<string> warnings)
    {
        var items = (double)(table.ItemCount ?? 0);
        var bytes = (double)(table.TableSizeBytes ?? 0);
        var factor = source.ConsistentRead ? 1.0 : 0.5;
        var budget = source.MaxReadUnitsPerSecond;
        var parallelism = Math.Max(1, source.ScanSegments);
        var segments = TableScan.SegmentsFor(plan, source);
        var name = ShellText.Inline(plan.Measurement.Table);
        var head = Text($"table {name}: {Size(table.ItemCount, table.TableSizeBytes)}");
        if (items <= 0)
        {
            warnings.Add(Text($"DescribeTable reports 0 items for {name}; DynamoDB counts them about every 6 hours, ")
                + "so a table created or filled since then reads more than this estimate");
        }

        // As TableScan sizes pages: about one second of budget over the segments in flight, at most 1 MB of items.
        var average = items > 0 ? bytes / items : 0;
        var unitsPerItem = average > 0 ? Math.Max(average / UnitBytes * factor, 0.001) : factor;
        var page = Math.Clamp(Math.Floor(Math.Max(budget / parallelism, 0.5) / unitsPerItem), 1, MaxPageItems);
        page = average > 0 ? Math.Min(page, Math.Max(1, Math.Ceiling(PageBytes / average))) : page;
        var perSegment = items / segments;
        var windowed = plan.Scanned.Any(i => plan.Windows[i] is not null);
        string what;
        if (plan.Shape == ScanShape.Sample && !windowed && plan.SampleSize < items)
        {
            var quota = Math.Ceiling(plan.SampleSize / (double)segments);
            perSegment = Math.Min(perSegment, quota);
            page = Math.Min(page, quota);
            what = Text($"a sampling scan stops at about {plan.SampleSize:#,0} items ({segments} segments of {quota:#,0})");
        }
        else if (plan.Shape == ScanShape.Sample)
        {
            what = windowed && plan.SampleSize < items
                ? Text($"a sampling scan stops once about {plan.SampleSize:#,0} items fall in the window: at most the whole table")
                : Text($"the sample of {plan.SampleSize:#,0} items is the whole table");
        }
        else
        {
            what = "the scan reads every item";
        }

        var units = segments * SegmentUnits(perSegment, page, average, factor);
        lines.Add($"{head} → {what}: {Cost(units, source.ConsistentRead, budget)}");
        return new ReadPart(units, ServedChecks.Of(plan.Measurement, plan.Scanned));
    }

    // Pages of `page` items and a last, shorter one; each rounded up to 4 KB.
    private static double SegmentUnits(double items, double page, double average, double factor)
    {
        var full = Math.Floor(items / page);
        var rest = items - (full * page);
        var blocks = (full * Math.Ceiling(page * average / UnitBytes)) + (rest > 0 ? Math.Ceiling(rest * average / UnitBytes) : 0);
        return blocks * factor;
    }

    private static string Size(long? items, long? bytes) => Text($"{items ?? 0:#,0} items, {ByteSize.Short(bytes ?? 0)}");

    // "~430 read units (eventually consistent), ~4s at the budget of 100 RU/s"
    private static string Cost(double units, bool strong, double budget) =>
        Text($"~{units:#,0.#} read unit{(units == 1 ? string.Empty : "s")} ({(strong ? "strongly" : "eventually")} consistent), ")
        + Text($"~{Duration.Format(TimeSpan.FromSeconds(units / budget))} at the budget of {budget:#,0.##} RU/s");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
