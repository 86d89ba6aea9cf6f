using CustomerData.Checks.Engine;

namespace CustomerData.Checks.Kinds;

/// <summary>
/// How a numeric kind turns its number into a status: static bounds today (<see cref="StaticBounds"/>), a band learned
/// from history next. The expected text comes from the strategy, so no one judges nulls to learn it.
/// </summary>
public interface IThreshold
{
    /// <summary>The thresholds as text, such as "warning below 100; critical below 10".</summary>
    string Expected { get; }

    /// <summary>CRITICAL, WARNING or OK for a measured number.</summary>
    CheckStatus Judge(double value);
}
