using System.Globalization;

namespace CustomerData.Checks.Values;

/// <summary>
/// One value a source measured, typed: a count, a number (averages, sums, a custom metric), an instant, a column list
/// (a schema), or missing (nothing to aggregate). Kinds read it through the accessors, which say what they expected.
/// </summary>
public abstract record MeasuredValue
{
    /// <summary>Nothing was there to aggregate (max over no rows, an absent table's metadata).</summary>
    public static MeasuredValue Missing { get; } = new MissingValue();

    /// <summary>A count, or missing when the source returned NULL.</summary>
    public static MeasuredValue Count(long? count) => count is { } value ? new CountValue(value) : Missing;

    /// <summary>
    /// An instant given as microseconds since the Unix epoch, or missing. DuckDB and PostgreSQL hold times far past
    /// the years 1 to 9999 a DateTimeOffset can: those are kept as <see cref="OutOfRangeInstantValue"/>, not a crash.
    /// </summary>
    public static MeasuredValue EpochMicros(long? micros) => micros switch
    {
        null => Missing,
        > OutOfRangeInstantValue.MaxMicros or < OutOfRangeInstantValue.MinMicros => new OutOfRangeInstantValue(micros.Value),
        var value => new InstantValue(DateTimeOffset.UnixEpoch.AddTicks(value.Value * 10)),
    };

    /// <summary>A number, or missing (NaN and infinities are missing: no threshold can judge them).</summary>
    public static MeasuredValue Number(double? number) => number is { } value && double.IsFinite(value) ? new NumberValue(value) : Missing;

    public bool IsMissing => this is MissingValue;

    /// <summary>The value as a count (a whole number read as a count too); null when missing.</summary>
    public long? AsCount() => this switch
    {
        CountValue count => count.Value,
        EstimatedCountValue estimate => estimate.Value,
        NumberValue number when Math.Abs(number.Value % 1) == 0 && Math.Abs(number.Value) < 9e15 => (long)number.Value,
        MissingValue => null,
        _ => throw Mismatch("a count"),
    };

    /// <summary>The value as a number; null when missing.</summary>
    public double? AsNumber() => this switch
    {
        CountValue count => count.Value,
        EstimatedCountValue estimate => estimate.Value,
        NumberValue number => number.Value,
        MissingValue => null,
        _ => throw Mismatch("a number"),
    };

    /// <summary>The value as an instant; null when missing.</summary>
    public DateTimeOffset? AsInstant() => this switch
    {
        InstantValue instant => instant.Value,
        MissingValue => null,
        _ => throw Mismatch("an instant"),
    };

    /// <summary>The value as a series of buckets; null when missing.</summary>
    public SeriesValue? AsSeries() => this switch
    {
        SeriesValue series => series,
        MissingValue => null,
        _ => throw Mismatch("a series"),
    };

    /// <summary>The value as a column list; null when missing.</summary>
    public IReadOnlyList<ColumnType>? AsColumns() => this switch
    {
        ColumnsValue columns => columns.Columns,
        MissingValue => null,
        _ => throw Mismatch("a column list"),
    };

    private InvalidOperationException Mismatch(string expected) =>
        new($"the source returned {this} where {expected} was expected");
}

/// <summary>A number of rows, keys or items.</summary>
public sealed record CountValue(long Value) : MeasuredValue
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A count estimated by a sketch (HyperLogLog), with the relative error the source states for it (0.01 is 1%).</summary>
public sealed record EstimatedCountValue(long Value, double RelativeError) : MeasuredValue
{
    public override string ToString() => $"~{Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A real number: an average, a sum, a custom metric.</summary>
public sealed record NumberValue(double Value) : MeasuredValue
{
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A point in time.</summary>
public sealed record InstantValue(DateTimeOffset Value) : MeasuredValue
{
    public override string ToString() => Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>A point in time outside the years 1 to 9999, which no age or lag can be computed from.</summary>
public sealed record OutOfRangeInstantValue(long Micros) : MeasuredValue
{
    /// <summary>The latest microsecond since the Unix epoch a DateTimeOffset holds (9999-12-31 23:59:59.999999).</summary>
    public const long MaxMicros = (3_155_378_975_999_999_999 - 621_355_968_000_000_000) / 10;

    /// <summary>The earliest (0001-01-01 00:00:00).</summary>
    public const long MinMicros = -621_355_968_000_000_000 / 10;

    public bool IsFuture => Micros > 0;

    public override string ToString() => IsFuture ? "a time after 9999-12-31" : "a time before 0001-01-01";
}

/// <summary>The columns of a table, in table order.</summary>
public sealed record ColumnsValue(IReadOnlyList<ColumnType> Columns) : MeasuredValue
{
    /// <summary>How the source that read them spells types and their aliases, to compare expected types with.</summary>
    public TypeNames Types { get; init; } = TypeNames.Plain;

    public override string ToString() => string.Join(", ", Columns.Select(c => $"{c.Name} {c.Type}"));
}

/// <summary>Nothing to aggregate.</summary>
public sealed record MissingValue : MeasuredValue
{
    public override string ToString() => "missing";
}

/// <summary>A column and its type as the source spells it (INT64, VARCHAR, S).</summary>
public sealed record ColumnType(string Name, string Type);
