namespace CustomerData.Checks.Sql;

/// <summary>
/// What a source changes in the shared builder's statements, composed as they are written (never edited as text).
/// </summary>
/// <param name="Address">The table as FROM names it, when not its quoted name (BigQuery's `project.dataset.table`).</param>
/// <param name="HoistCommonPredicate">Also state in WHERE what every aggregate of a statement has in common (the same
/// filter, the span covering every window on one column): BigQuery prunes partitions, and bills less, only from WHERE.</param>
public sealed record StatementShaping(Func<string, string>? Address = null, bool HoistCommonPredicate = false)
{
    public static StatementShaping Default { get; } = new();
}
