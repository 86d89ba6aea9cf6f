using System.Diagnostics;

namespace CustomerData.Checks;

/// <summary>The spans the monitor emits (run, query, check); exported with OpenTelemetry when configured, and seen by Datadog's tracer when installed.</summary>
public static class Telemetry
{
    public const string SourceName = "CustomerData.Monitor";

    public static ActivitySource Source { get; } = new(SourceName);
}
