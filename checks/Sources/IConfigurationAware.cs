using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sources;

/// <summary>A source that needs to know the checks it serves (per-check caps, job labels); told once, when the sources open.</summary>
public interface IConfigurationAware
{
    /// <summary>Hands the source the whole configuration and the name it is known by in it.</summary>
    void Bind(MonitorConfig config, string sourceName);
}
