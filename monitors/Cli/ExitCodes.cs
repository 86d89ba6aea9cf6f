namespace CustomerData.Monitors.Cli;

/// <summary>The exit codes scripts and CI can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Critical = 1;
    public const int ConfigurationError = 2;
    public const int Unknown = 3;
}
