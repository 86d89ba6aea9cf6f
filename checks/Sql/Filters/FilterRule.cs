using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Sql.Filters;

/// <summary>The validation rule for a check's filter on a SQL source: the source's parser must prove it (see <see cref="FilterProof"/>).</summary>
internal static class FilterRule
{
    public static IEnumerable<ConfigProblem> Check(CheckDefinition check, string path, FilterProof proof)
    {
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
