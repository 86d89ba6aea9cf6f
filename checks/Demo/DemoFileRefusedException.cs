namespace CustomerData.Checks.Demo;

/// <summary>The demo warehouse's path holds a file the monitor did not make; it is left untouched.</summary>
public sealed class DemoFileRefusedException : IOException
{
    public DemoFileRefusedException()
    {
    }

    public DemoFileRefusedException(string message)
        : base(message)
    {
    }

    public DemoFileRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
