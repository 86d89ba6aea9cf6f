using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Evaluates every scanned measure on the items of one segment; segments are tallied apart and merged.</summary>
internal sealed class ItemTally(ReadPlan plan)
{
    private readonly IReadOnlyList<Measure> _measures = plan.Measurement.Measures;

    /// <summary>Items in scope, by measure index (for a NULL measure: items where the attribute is absent or NULL).</summary>
    public long[] Counts { get; } = new long[plan.Measurement.Measures.Count];

    /// <summary>Items in the scope a NULL measure tests, before the NULL test: the denominator of its rate.</summary>
    public long[] InScope { get; } = new long[plan.Measurement.Measures.Count];

    /// <summary>Items where a NULL measure's attribute is missing.</summary>
    public long[] Absent { get; } = new long[plan.Measurement.Measures.Count];

    /// <summary>Items where a NULL measure's attribute is present with type NULL.</summary>
    public long[] NullType { get; } = new long[plan.Measurement.Measures.Count];

    /// <summary>Newest time by measure index, as epoch microseconds.</summary>
    public long?[] Newest { get; } = new long?[plan.Measurement.Measures.Count];

    /// <summary>Sums of a numeric attribute by measure index (DynamoDB numbers are decimals of up to 38 digits).</summary>
    public decimal[] Sums { get; } = new decimal[plan.Measurement.Measures.Count];

    /// <summary>Items whose time attribute was present but not in the check's time format, by measure index.</summary>
    public long[] Unreadable { get; } = new long[plan.Measurement.Measures.Count];

    public long Scanned { get; private set; }

    public void Add(ScanResponse page)
    {
        Scanned += page.ScannedCount ?? 0;
        if (page.Items is null)
        {
            // Select=COUNT: only whole-scope counts can be answered, and that is all a count scan carries.
            foreach (var i in plan.Scanned)
            {
                Counts[i] += page.Count ?? 0;
            }

            return;
        }

        foreach (var item in page.Items)
        {
            Add(item);
        }
    }

    private void Add(Dictionary<string, AttributeValue> item)
    {
        foreach (var i in plan.Scanned)
        {
            var measure = _measures[i];
            if (plan.Windows[i] is { } window && !window.Contains(item.GetValueOrDefault(window.Attribute)))
            {
                continue;
            }

            if (measure.Function == MeasureFunction.Sum)
            {
                AddToSum(i, item.GetValueOrDefault(measure.Column!));
                continue;
            }

            if (measure.Function == MeasureFunction.NewestEpochMicros)
            {
                var value = item.GetValueOrDefault(measure.Column!);
                if (value is null || value.NULL == true)
                {
                    continue;
                }

                if (TimeValues.TryEpochMicros(value, DynamoDbOptions.Of(measure).Format, out var micros))
                {
                    Newest[i] = Math.Max(Newest[i] ?? long.MinValue, micros);
                }
                else
                {
                    Unreadable[i]++;
                }

                continue;
            }

            if (measure.Scope.NullColumn is not { } column)
            {
                Counts[i]++;
                continue;
            }

            InScope[i]++;
            if (!item.TryGetValue(column, out var attribute))
            {
                Absent[i]++;
                Counts[i]++;
            }
            else if (attribute.NULL == true)
            {
                NullType[i]++;
                Counts[i]++;
            }
        }
    }

    // Absent and NULL attributes add nothing, as SQL's SUM skips NULLs; any other type is counted as unreadable.
    private void AddToSum(int i, AttributeValue? value)
    {
        if (value is null || value.NULL == true)
        {
            return;
        }

        Counts[i]++;
        if (value.N is { } number && decimal.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var amount))
        {
            Sums[i] += amount;
        }
        else
        {
            Unreadable[i]++;
        }
    }

    /// <summary>Adds another segment's tally to this one.</summary>
    public void Merge(ItemTally other)
    {
        Scanned += other.Scanned;
        for (var i = 0; i < Counts.Length; i++)
        {
            Counts[i] += other.Counts[i];
            InScope[i] += other.InScope[i];
            Absent[i] += other.Absent[i];
            NullType[i] += other.NullType[i];
            Unreadable[i] += other.Unreadable[i];
            Sums[i] += other.Sums[i];
            if (other.Newest[i] is { } newest)
            {
                Newest[i] = Math.Max(Newest[i] ?? long.MinValue, newest);
            }
        }
    }
}
