namespace CustomerData.Checks.Sql.Queries;

/// <summary>Thrown by a source asked to run a query its parser did not prove a single allowed SELECT: nothing was run.</summary>
public sealed class RefusedQueryException : InvalidOperationException
{
    public RefusedQueryException()
    {
    }

    public RefusedQueryException(string message)
        : base(message)
    {
    }

    public RefusedQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal RefusedQueryException(QueryRefusal refusal)
        : base("query refused, nothing was run: " + refusal)
    {
    }
}
