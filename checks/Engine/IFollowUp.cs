using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;

namespace CustomerData.Checks.Engine;

/// <summary>
/// A kind that looks further into some of its checks once every check is judged (a reconciliation's missing keys).
/// The engine calls it within the check's timeout; it adds to the result's message and cost, never to its status.
/// </summary>
public interface IFollowUp
{
    /// <summary>What it does, as messages name it when it cannot ("key sample").</summary>
    string FollowUpName { get; }

    /// <summary>Whether this judged result asks for a follow-up (a failing check, or every run when asked).</summary>
    bool Wants(CheckDefinition check, CheckResult result);

    /// <summary>The result with what the follow-up found; a follow-up that throws leaves the result with the reason.</summary>
    Task<CheckResult> FollowUpAsync(CheckResult result, FollowUpContext context, CancellationToken cancellationToken);
}

/// <summary>What a follow-up reads with: the run's moment and place, and its opened sources.</summary>
public sealed record FollowUpContext(CheckContext Check, DataSources Sources);
