using CustomerData.Checks.Engine;

namespace CustomerData.Checks.Kinds;

/// <summary>How every ratio kind ends: UNKNOWN with the count below min_rows (or with nothing counted), else the
/// share judged by its threshold.</summary>
internal static class RatioVerdict
{
    /// <param name="words">What the rows are after their count ("non-NULL values of email"), the observed text's unit
    /// when too few ("values"), and its word after the ratio ("invalid").</param>
    /// <param name="message">The message for a share, with the thresholds' text appended by the caller.</param>
    public static Evaluation Of(IThreshold threshold, long part, long rows, long minRows, string span, (string Counted, string Unit, string Label) words, Func<double, string> message)
    {
        var expected = threshold.Expected;
        if (rows < minRows || rows == 0)
        {
            return new Evaluation(CheckStatus.Unknown, null, $"{ThresholdText.Count(rows)} {words.Unit}", $"only {ThresholdText.Count(rows)} {words.Counted} {span}, fewer than min_rows {ThresholdText.Count(Math.Max(minRows, 1))}: a ratio would mean little", expected);
        }

        var ratio = (double)part / rows;
        return new Evaluation(threshold.Judge(ratio), ratio, $"{ThresholdText.Ratio(ratio)} {words.Label}", $"{message(ratio)}; {expected}", expected);
    }
}
