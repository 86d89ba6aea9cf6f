namespace CustomerData.Alerts.Datadog;

/// <summary>One file of an export: its name inside the output directory and its exact text.</summary>
internal sealed record ExportedFile(string Name, string Content);
