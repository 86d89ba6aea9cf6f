using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Sql.Filters;

/// <summary>The validation rule for a check's filter on a SQL source: the source's parser must prove it (see <see cref="FilterProof"/>).</summary>
internal static class FilterRule
{
    public static IEnumerable<ConfigProblem> Check(CheckDefinition check, string path, FilterProof proof)
    {
        // A validity condition is held to exactly the filter's rule, and reported at its own field.
        foreach (var (field, predicate) in (check as IConditionedCheck)?.Conditions ?? [])
        {
            if (proof.Check(predicate) is { } refused)
            {
                yield return new ConfigProblem(
                    JsonPath.Property(path, field),
                    refused.ToString().Replace("the filter", "the " + field, StringComparison.Ordinal),
                    $"a {field} is one condition on the table's own columns, held to the rules of filters (see \"Threat model\"), such as \"amount_eur >= 0 OR status = 'refunded'\"");
            }
        }

        foreach (var (field, pattern) in (check as IConditionedCheck)?.Patterns ?? [])
        {
            if (proof.CheckPattern(pattern) is { } refused)
            {
                yield return new ConfigProblem(
                    JsonPath.Property(path, field),
                    refused.ToString().Replace("of the filter", "of the " + field, StringComparison.Ordinal),
                    "RE2 has no lookahead, lookbehind or backreference; anchor with ^ and $, such as \"^[^@ ]+@[^@ ]+\\.[a-z]+$\"");
            }
        }

        // A blank filter is reported once, by the rules every check has.
        if (check.Filter is not { } filter || string.IsNullOrWhiteSpace(filter))
        {
            yield break;
        }

        if (proof.Check(filter) is { } refusal)
        {
            yield return new ConfigProblem(
                JsonPath.Property(path, "filter"),
                refusal.ToString(),
                "a filter is one condition on the table's own columns: comparisons, AND/OR/NOT, IN, BETWEEN, LIKE, IS NULL, "
                + $"CASE, casts and the {proof.Dialect.Name} functions the README lists, such as \"country = 'FR' AND status <> 'test'\"");
        }
    }
}
