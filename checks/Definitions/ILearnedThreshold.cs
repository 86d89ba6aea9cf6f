namespace CustomerData.Checks.Definitions;

/// <summary>A kind whose checks may learn their threshold (checks.json's <c>"anomaly"</c>), for whoever shows the
/// learned band (the report, the Datadog dashboard).</summary>
public interface ILearnedThreshold
{
    AnomalyDefinition? Anomaly { get; }
}
