namespace CustomerData.Alerts.Datadog;

/// <summary>A format monitors are exported in: the files for an output directory, or one document for standard output.</summary>
internal interface IMonitorWriter
{
    IReadOnlyList<ExportedFile> Files(IReadOnlyList<DatadogMonitor> monitors);

    string Document(IReadOnlyList<DatadogMonitor> monitors);
}
