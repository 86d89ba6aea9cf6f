using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sources;

namespace CustomerData.Checks.Kinds.Reconciliation;

/// <summary>
/// Samples keys of the left's window and looks them up in the right's, then says how many are missing and names up to
/// ten of them: keys only, never another column, each quoted with hidden characters written as \uXXXX and cut to 64
/// characters, so a hostile key can neither break the message's line nor hide in it (Slack escaping comes after).
/// </summary>
internal static class KeySampler
{
    public const int Shown = 10;
    private const int KeyLength = 64;

    public static async Task<CheckResult> RunAsync(ReconciliationCheckDefinition check, CheckResult result, FollowUpContext context, CancellationToken cancellationToken)
    {
        var keys = check.Keys!;
        var left = KeySourceOf(context, check.Left.Source);
        var right = KeySourceOf(context, check.Right.Source);
        var sample = await left.SampleKeysAsync(
            new KeySampleRequest(check.Left.Table, keys.Left, ReconciliationSides.Scope(check, check.Left, context.Check), check.Left.TimeFormat, keys.Sample, check),
            cancellationToken).ConfigureAwait(false);
        var found = sample.Keys.Count == 0 ? new KeyRead([], []) : await right.FindKeysAsync(
            new KeyLookupRequest(check.Right.Table, keys.Right, ReconciliationSides.Scope(check, check.Right, context.Check), check.Right.TimeFormat, sample.Keys, check),
            cancellationToken).ConfigureAwait(false);
        var present = found.Keys.ToHashSet(StringComparer.Ordinal);
        var missing = sample.Keys.Where(key => !present.Contains(key)).ToList();
        return result with
        {
            Message = TextCap.Message($"{result.Message}; {Describe(keys, sample, missing)}"),
            Cost = Cost(result.Cost, sample, found),
        };
    }

    /// <summary>"key sample: 3 of 1,000 keys (customer_id) are missing on the right: "17", "42", "97"".</summary>
    public static string Describe(ReconciliationKeys keys, KeyRead sample, IReadOnlyList<string> missing)
    {
        var note = sample.Note is null ? string.Empty : $" ({sample.Note})";
        if (sample.Keys.Count == 0)
        {
            return $"key sample: the left has no {keys.Left} in the window{note}";
        }

        var of = string.Create(CultureInfo.InvariantCulture, $"{sample.Keys.Count:#,0} sampled {keys.Left} of the left{note}");
        if (missing.Count == 0)
        {
            return $"key sample: none of {of} is missing on the right";
        }

        var named = string.Join(", ", missing.Take(Shown).Select(Quote));
        var more = missing.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $" and {missing.Count - Shown:#,0} more") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"key sample: {missing.Count:#,0} of {of} are missing on the right ({keys.Right}): {named}{more}");
    }

    /// <summary>A key as a message shows it: in quotes, hidden characters and quotes escaped, at most 64 characters.</summary>
    public static string Quote(string key)
    {
        var cut = key.Length > KeyLength ? key[..KeyLength] + "…" : key;
        return "\"" + PrintableText.Escape(cut.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)) + "\"";
    }

    private static IKeySource KeySourceOf(FollowUpContext context, string name) =>
        context.Sources[name] as IKeySource ?? throw new NotSupportedException($"source \"{name}\" cannot sample or look up keys");

    private static MeasurementCost Cost(MeasurementCost? cost, KeyRead sample, KeyRead found)
    {
        static long? Add(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
        static double? AddUnits(double? a, double? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
        var requests = sample.Requests.Count + found.Requests.Count;
        var note = string.Create(CultureInfo.InvariantCulture, $"key sample: {requests} request(s), {sample.Keys.Count:#,0} keys sampled, {found.Keys.Count:#,0} found on the right");
        return new MeasurementCost(
            Add(Add(cost?.BytesBilled, sample.BytesBilled), found.BytesBilled),
            [.. cost?.JobIds ?? [], .. sample.JobIds, .. found.JobIds],
            AddUnits(AddUnits(cost?.ReadUnits, sample.ReadUnits), found.ReadUnits),
            cost?.Notes is { } notes ? notes + "; " + note : note);
    }
}
