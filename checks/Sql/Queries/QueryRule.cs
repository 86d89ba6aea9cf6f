namespace CustomerData.Checks.Sql.Queries;

/// <summary>What validation tells the author of a refused query.</summary>
internal static class QueryRule
{
    public const string Hint =
        "a sql check's query is one SELECT over tables and views (joins, subqueries, WITH, GROUP BY, window functions and the "
        + "functions the README lists), returning one row of numbers, written without \";\"";
}
