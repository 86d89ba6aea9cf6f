using System.Text.Json;
using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>validity: the share of a column's non-NULL values that break its one rule (list, range, pattern or condition).</summary>
public sealed class ValidityKind : CheckKind<ValidityCheckDefinition>
{
    /// <summary>The most accepted values one check may list (each is a query parameter).</summary>
    public const int MaxAcceptedValues = 1_000;

    private static readonly string[] RuleFields = ["accepted_values", "range", "pattern", "condition"];

    public override string TypeName => "validity";

    public override string ValueMetric => "customer_data.validity.invalid_ratio";

    protected override IReadOnlyList<Measure> Measures(ValidityCheckDefinition check, CheckContext context)
    {
        var scope = WindowResolver.Scope(check, context);
        return
        [
            new Measure(MeasureFunction.CountWhere, scope) { Condition = new KeyPresent(new ColumnKey([check.Column])) },
            new Measure(MeasureFunction.CountWhere, scope) { Condition = new InvalidValue(check.Column, RuleOf(check)) },
        ];
    }

    protected override RowCondition? Offending(ValidityCheckDefinition check) => new InvalidValue(check.Column, RuleOf(check));

    protected override TimeSpan? HistoryNeeded(ValidityCheckDefinition check) =>
        check.Anomaly is { } anomaly ? RecordedRuns.Lookback(anomaly, check.Schedule) : null;

    protected override IThreshold Threshold(ValidityCheckDefinition check) =>
        RecordedAnomaly.Threshold(StaticBounds.Ratio(check.Warn, check.Critical), check.Warn is not null || check.Critical is not null, check.Anomaly);

    protected override Evaluation Evaluate(ValidityCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var rows = values[0].AsCount() ?? 0;
        var invalid = values[1].AsCount() ?? 0;
        var span = WindowResolver.Describe(WindowResolver.Resolve(check, context), check.Filter, context);
        var verdict = RatioVerdict.Of(Threshold(check), invalid, rows, check.MinRows, span, ($"non-NULL values of {check.Column}", "values", "invalid"), ratio =>
            $"{check.Column} breaks {Describe(RuleOf(check))} in {ThresholdText.Count(invalid)} of {ThresholdText.Count(rows)} non-NULL values = {ThresholdText.Ratio(ratio)} {span}");
        return RecordedAnomaly.Judge(verdict, check.Anomaly, check, context, AnomalyValueKind.Share, ThresholdText.Ratio);
    }

    /// <summary>The one rule a definition states, as the measure carries it.</summary>
    internal static ValidityRule RuleOf(ValidityCheckDefinition check) => Rules(check).ToList() switch
    {
        [var rule] => rule.Rule,
        [] => throw new InvalidOperationException("a validity check needs a rule: accepted_values, range, pattern or condition"),
        var several => throw new InvalidOperationException($"a validity check takes one rule, not {string.Join(" and ", several.Select(r => r.Field))}"),
    };

    private static IEnumerable<(string Field, ValidityRule Rule)> Rules(ValidityCheckDefinition check)
    {
        if (check.AcceptedValues is { } values)
        {
            yield return ("accepted_values", new AcceptedValues([.. values.Select(Scalar)]));
        }

        if (check.Range is { } range)
        {
            yield return ("range", new ValueRange(range.Min, range.Max));
        }

        if (check.Pattern is { } pattern)
        {
            yield return ("pattern", new PatternRule(pattern));
        }

        if (check.Condition is { } condition)
        {
            yield return ("condition", new ConditionRule(condition));
        }
    }

    private static object Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number => value.GetDouble(),
        _ => throw new InvalidOperationException($"an accepted value is a string or a number, not {value.ValueKind}"),
    };

    private static string Describe(ValidityRule rule) => rule switch
    {
        AcceptedValues accepted => "accepted_values [" + string.Join(", ", accepted.Values.Take(5).Select(Text)) + (accepted.Values.Count > 5 ? $", and {accepted.Values.Count - 5} more]" : "]"),
        ValueRange { Min: { } min, Max: { } max } => $"range {Number(min)} to {Number(max)}",
        ValueRange { Min: { } min } => $"range at least {Number(min)}",
        ValueRange range => $"range at most {Number(range.Max ?? 0)}",
        PatternRule pattern => "pattern " + pattern.Pattern,
        ConditionRule condition => "condition " + condition.Predicate.Trim(),
        _ => rule.GetType().Name,
    };

    private static string Text(object value) => value is string text ? "'" + text + "'" : Number(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));

    private static string Number(double value) => value.ToString("#,0.##########", System.Globalization.CultureInfo.InvariantCulture);

    protected override IEnumerable<ConfigProblem> Validate(ValidityCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        foreach (var problem in Identifiers.Check(check.Column, path + ".column", "column name"))
        {
            yield return problem;
        }

        var stated = RuleFields.Where(field => field switch
        {
            "accepted_values" => check.AcceptedValues is not null,
            "range" => check.Range is not null,
            "pattern" => check.Pattern is not null,
            _ => check.Condition is not null,
        }).ToList();
        if (stated.Count == 0)
        {
            yield return new ConfigProblem(path, "a validity check needs one rule: \"accepted_values\", \"range\", \"pattern\" or \"condition\"", "such as \"accepted_values\": [\"paid\", \"shipped\"] or \"range\": { \"min\": 0 }");
        }

        foreach (var extra in stated.Skip(1))
        {
            yield return new ConfigProblem(JsonPath.Property(path, extra), $"a validity check takes exactly one rule, and this one also has \"{stated[0]}\"", "split it into two validity checks, one rule each");
        }

        foreach (var problem in RuleProblems(check, path)
            .Concat(WindowResolver.Validate(check, path, defaults))
            .Concat(RatioRules.Validate(check.Warn, check.Critical, check.MinRows, path, "validity", "an invalid share", "invalid values", check.Anomaly is not null))
            .Concat(RecordedAnomaly.Validate(check.Anomaly, check, path, defaults, AnomalyValueKind.Share))
            .Concat(SampleRules.Validate(check, path)))
        {
            yield return problem;
        }
    }

    private static IEnumerable<ConfigProblem> RuleProblems(ValidityCheckDefinition check, string path)
    {
        if (check.AcceptedValues is { } values)
        {
            var field = path + ".accepted_values";
            if (values.Count == 0)
            {
                yield return new ConfigProblem(field, "accepted_values is empty, so every value would be invalid", "list the valid values, such as [\"paid\", \"shipped\"]");
            }

            if (values.Count > MaxAcceptedValues)
            {
                yield return new ConfigProblem(field, $"accepted_values lists {values.Count:N0} values, more than {MaxAcceptedValues:N0}", "check a longer list with a \"condition\" or a reference table");
            }

            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    yield return new ConfigProblem(JsonPath.Index(field, i), $"an accepted value is a string or a number, not {values[i].ValueKind.ToString().ToLowerInvariant()}", "write strings such as \"paid\" or numbers such as 3");
                }
                else if (values[i].ValueKind != values[0].ValueKind && values[0].ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    yield return new ConfigProblem(JsonPath.Index(field, i), "accepted_values mixes strings and numbers", "the column has one type: list only strings or only numbers");
                }
                else if (values[i].ValueKind == JsonValueKind.Number && !(values[i].TryGetDouble(out var number) && double.IsFinite(number)))
                {
                    yield return new ConfigProblem(JsonPath.Index(field, i), $"the number {values[i].GetRawText()} is too large", "write a number a double holds");
                }
            }
        }

        if (check.Range is { } range)
        {
            if (range.Min is null && range.Max is null)
            {
                yield return new ConfigProblem(path + ".range", "range needs \"min\" or \"max\"", "such as \"range\": { \"min\": 0, \"max\": 10000 }");
            }
            else if (range.Min > range.Max)
            {
                yield return new ConfigProblem(path + ".range.min", $"range.min ({range.Min}) is above range.max ({range.Max})", "no value could be valid: swap them");
            }
        }

        if (check.Pattern is { } pattern && pattern.Length == 0)
        {
            yield return new ConfigProblem(path + ".pattern", "the pattern is empty, so every value would match", "write the pattern valid values match, such as \"^[^@]+@[^@]+$\"");
        }

        if (check.Condition is { } condition && string.IsNullOrWhiteSpace(condition))
        {
            yield return new ConfigProblem(path + ".condition", "the condition is empty", "write the predicate valid rows satisfy, such as \"amount_eur >= 0\"");
        }
    }
}
