namespace CustomerData.Checks.Sql.Filters;

/// <summary>Thrown by a source asked to run a filter its parser did not prove (validation was bypassed): nothing was run.</summary>
public sealed class RefusedFilterException : InvalidOperationException
{
    public RefusedFilterException()
    {
    }

    public RefusedFilterException(string message)
        : base(message)
    {
    }

    public RefusedFilterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal RefusedFilterException(FilterRefusal refusal)
        : base("filter refused, nothing was run: " + refusal)
    {
    }
}
