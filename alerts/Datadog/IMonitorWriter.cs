namespace CustomerData.Alerts.Datadog;

/// <summary>
/// A format monitors (and the downtimes of active mutes) are exported in: the files for an output directory, or one
/// document for standard output.
/// </summary>
internal interface IMonitorWriter
{
    IReadOnlyList<ExportedFile> Files(IReadOnlyList<DatadogMonitor> monitors, IReadOnlyList<DatadogDowntime>? downtimes = null);

    string Document(IReadOnlyList<DatadogMonitor> monitors, IReadOnlyList<DatadogDowntime>? downtimes = null);
}
