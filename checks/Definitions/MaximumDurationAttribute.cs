namespace CustomerData.Checks.Definitions;

/// <summary>
/// A tighter bound than <see cref="Duration.Longest"/> for one field, such as 24h for timeouts (a wait longer than a
/// day is a mistake, and timers past about 24 days do not exist). Validation names the bound when it is passed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaximumDurationAttribute(string limit) : Attribute
{
    /// <summary>The bound as written in messages and the README, such as "24h".</summary>
    public string Limit { get; } = limit;

    public TimeSpan Value => Duration.Parse(Limit).Value;
}
