namespace CustomerData.Alerts.DogStatsd;

/// <summary>
/// The agent's address in the environment cannot be used (a port that is not a number, a host that is not a name):
/// a start-up error, never a silent fallback to another address.
/// </summary>
public sealed class DogStatsdAddressException : FormatException
{
    public DogStatsdAddressException(string what, string where, string check)
        : base($"{what} ({where})")
    {
        Line = $"error: {what}, {where}: {check}";
    }

    public DogStatsdAddressException()
        : this("the DogStatsD agent address is invalid", "DD_AGENT_HOST", "check DD_AGENT_HOST and DD_DOGSTATSD_PORT")
    {
    }

    public DogStatsdAddressException(string message)
        : this(message, "DD_AGENT_HOST", "check DD_AGENT_HOST and DD_DOGSTATSD_PORT")
    {
    }

    public DogStatsdAddressException(string message, Exception innerException)
        : base(message, innerException)
    {
        Line = $"error: {message}, DD_AGENT_HOST: check DD_AGENT_HOST and DD_DOGSTATSD_PORT";
    }

    /// <summary>The one line the command line prints: "error: &lt;what&gt;, &lt;where&gt;: &lt;what to check&gt;".</summary>
    public string Line { get; }
}
