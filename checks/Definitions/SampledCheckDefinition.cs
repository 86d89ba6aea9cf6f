using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>A check whose failures can show the rows that broke it (null_rate, uniqueness, validity).</summary>
public abstract record SampledCheckDefinition : WindowedCheckDefinition
{
    /// <summary>The most rows a sample may hold.</summary>
    public const int MaxSampleSize = 100;

    [Description("On WARNING or CRITICAL, fetch a few offending rows with only these columns (never SELECT *), one more statement per failing check; shown in Slack, stored with the result.")]
    public IReadOnlyList<string> SampleColumns { get; init; } = [];

    [Description("Sample columns holding personal data: never read, shown as \"(pii)\" in every message, log and stored result.")]
    public IReadOnlyList<string> PiiColumns { get; init; } = [];

    [Description("How many offending rows a sample holds, 1 to 100. Default: 5.")]
    public int SampleSize { get; init; } = 5;
}

/// <summary>A definition carrying predicates besides its filter, proven by the source's parser as filters are.</summary>
public interface IConditionedCheck
{
    /// <summary>Each predicate with the JSON field it is written in.</summary>
    IEnumerable<(string Field, string Predicate)> Conditions { get; }

    /// <summary>Each regular expression with the JSON field it is written in, compiled by the source's regex engine.</summary>
    IEnumerable<(string Field, string Pattern)> Patterns { get; }
}
