using System.Globalization;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Turns a scan's tally into the measures' values, and says in each measure's note how it was read.</summary>
internal static class ScanNotes
{
    public static void Fill(ReadPlan plan, TableScan scan, ItemTally tally, long?[] values, Dictionary<int, double?> numbers, Dictionary<int, string> notes)
    {
        var measures = plan.Measurement.Measures;
        var sampled = plan.Shape == ScanShape.Sample && scan.SegmentsExhausted < scan.Segments;
        var how = plan.Shape switch
        {
            ScanShape.Count => "Select=COUNT scan",
            ScanShape.Sample when sampled => "sampling scan",
            ScanShape.Sample => "sampling scan that reached the end of every segment (the whole table, so exact)",
            _ => "scan",
        };
        var summary = string.Create(CultureInfo.InvariantCulture, $"one {how} of {tally.Scanned:#,0} items in {scan.Pages:#,0} pages over {scan.Segments} segments ({scan.Parallelism} in parallel), shared by {plan.Scanned.Count} measure(s)");
        foreach (var i in plan.Scanned)
        {
            var measure = measures[i];
            if (measure.Function == MeasureFunction.NewestEpochMicros)
            {
                values[i] = tally.Newest[i];
                notes[i] = tally.Unreadable[i] == 0 ? summary
                    : string.Create(CultureInfo.InvariantCulture, $"{summary}; {tally.Unreadable[i]:#,0} items had {measure.Column} in another form than {TimeValues.Name(DynamoDbOptions.Of(measure).Format)} and were ignored");
                continue;
            }

            if (measure.Function == MeasureFunction.Sum)
            {
                // Over no values a sum is NULL, as in SQL.
                numbers[i] = tally.Counts[i] == 0 ? null : (double)tally.Sums[i];
                notes[i] = tally.Unreadable[i] == 0 ? summary
                    : string.Create(CultureInfo.InvariantCulture, $"{summary}; {tally.Unreadable[i]:#,0} items had {measure.Column} in another type than a number and were not added");
                continue;
            }

            values[i] = tally.Counts[i];
            if (measure.Scope.NullColumn is not { } column)
            {
                notes[i] = DynamoDbOptions.Of(measure).Sample is not null && plan.Shape == ScanShape.Items ? summary + "; exact, since the scan read every item" : summary;
                continue;
            }

            var note = string.Create(CultureInfo.InvariantCulture, $"{column} is absent in {tally.Absent[i]:#,0} and of type NULL in {tally.NullType[i]:#,0} of {tally.InScope[i]:#,0} items");
            notes[i] = sampled && DynamoDbOptions.Of(measure).Sample is not null ? note + "; " + SamplingError.Describe(tally.Counts[i], tally.InScope[i], scan.Segments) : note;
        }
    }
}
