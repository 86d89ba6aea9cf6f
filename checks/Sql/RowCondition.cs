namespace CustomerData.Checks.Sql;

/// <summary>One or several columns read together as a key; equal when the same columns are in the same order.</summary>
public sealed record ColumnKey(IReadOnlyList<string> Columns)
{
    public bool Equals(ColumnKey? other) => other is not null && Columns.SequenceEqual(other.Columns, StringComparer.Ordinal);

    public override int GetHashCode() => Columns.Aggregate(17, (hash, column) => HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(column)));

    public override string ToString() => string.Join(", ", Columns);
}

/// <summary>
/// A test on one row that an aggregate counts or a failed-row sample selects: a row whose key is complete, whose value
/// breaks a validity rule, whose value is NULL, or whose key occurs more than once (samples only).
/// </summary>
public abstract record RowCondition;

/// <summary>Every column of the key is non-NULL.</summary>
public sealed record KeyPresent(ColumnKey Key) : RowCondition;

/// <summary>The column is non-NULL and breaks the rule.</summary>
public sealed record InvalidValue(string Column, ValidityRule Rule) : RowCondition;

/// <summary>The column is NULL (the rows a null_rate check counts against it).</summary>
public sealed record NullValue(string Column) : RowCondition;

/// <summary>The key is complete and appears on more than one row of the scope (samples only: not a row-local test).</summary>
public sealed record DuplicateKey(ColumnKey Key) : RowCondition;

/// <summary>What a valid value is: one of a list, inside a range, matching a pattern, or satisfying a condition.</summary>
public abstract record ValidityRule;

/// <summary>The value equals one of these strings or numbers (all of one kind).</summary>
public sealed record AcceptedValues(IReadOnlyList<object> Values) : ValidityRule
{
    public bool Equals(AcceptedValues? other) => other is not null && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => Values.Aggregate(23, HashCode.Combine);
}

/// <summary>The value lies between Min and Max, both included; either may be open.</summary>
public sealed record ValueRange(double? Min, double? Max) : ValidityRule;

/// <summary>The value, as text, contains a match of an RE2 regular expression (anchor it with ^ and $ for a full match).</summary>
public sealed record PatternRule(string Pattern) : ValidityRule;

/// <summary>The row satisfies a predicate (held to the rule filters are held to); false or NULL is invalid.</summary>
public sealed record ConditionRule(string Predicate) : ValidityRule;

/// <summary>
/// A failed-row sample: up to <paramref name="Limit"/> rows of the check's own scope that satisfy
/// <paramref name="Offending"/>, with only the named columns, each read as text.
/// </summary>
public sealed record SampleRequest(string Table, RowScope Scope, RowCondition Offending, IReadOnlyList<string> Columns, int Limit)
{
    /// <summary>The user predicates the statement carries (filter, validity condition), for the source to prove first.</summary>
    public IEnumerable<string> Predicates()
    {
        if (Scope.Filter is { } filter)
        {
            yield return filter;
        }

        if (Offending is InvalidValue { Rule: ConditionRule condition })
        {
            yield return condition.Predicate;
        }
    }
}
