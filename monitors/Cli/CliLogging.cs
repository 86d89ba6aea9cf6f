using Microsoft.Extensions.Logging;

namespace CustomerData.Monitors.Cli;

/// <summary>Logs of one-shot commands: single lines on standard error, so standard output stays the command's own.</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create() =>
        LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
