namespace CustomerData.Checks.Engine;

/// <summary>A check's outcome, numbered as Datadog numbers service-check statuses.</summary>
public enum CheckStatus
{
    Ok = 0,
    Warning = 1,
    Critical = 2,

    /// <summary>The check could not be evaluated (query failed, timed out, too few rows); never counted as OK.</summary>
    Unknown = 3,
}
