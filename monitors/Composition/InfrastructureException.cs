namespace CustomerData.Monitors.Composition;

/// <summary>
/// Something the monitor depends on failed (a store unreachable, a wrong password, an unwritable or corrupt file):
/// ends a command with exit 3 and the one line of <see cref="Exception.Message"/>, "error: what, where: what to
/// check", never a stack trace. Never carries a secret.
/// </summary>
public sealed class InfrastructureException : Exception
{
    public InfrastructureException(string what, string where, string check, Exception? inner = null)
        : base($"error: {what}, {where}: {check}", inner)
    {
        What = what;
        Where = where;
        Check = check;
    }

    public InfrastructureException()
        : this("infrastructure failure", "unknown place", "see the logs")
    {
    }

    public InfrastructureException(string message)
        : this(message, "unknown place", "see the logs")
    {
    }

    public InfrastructureException(string message, Exception inner)
        : this(message, "unknown place", "see the logs", inner)
    {
    }

    public string What { get; } = string.Empty;

    public string Where { get; } = string.Empty;

    public string Check { get; } = string.Empty;
}
