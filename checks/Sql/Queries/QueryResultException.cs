namespace CustomerData.Checks.Sql.Queries;

/// <summary>A sql check's query ran but its result is not one row of numbers (no row, two rows, text): its checks are UNKNOWN.</summary>
public sealed class QueryResultException : InvalidOperationException
{
    public QueryResultException()
    {
    }

    public QueryResultException(string message)
        : base(message)
    {
    }

    public QueryResultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
