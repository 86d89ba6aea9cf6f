using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Kinds;

/// <summary>What sample_columns, pii_columns and sample_size must say: named columns only, personal data among them.</summary>
internal static class SampleRules
{
    public static IEnumerable<ConfigProblem> Validate(SampledCheckDefinition check, string path)
    {
        for (var i = 0; i < check.SampleColumns.Count; i++)
        {
            foreach (var problem in Identifiers.Check(check.SampleColumns[i], JsonPath.Index(path + ".sample_columns", i), "column name"))
            {
                yield return problem;
            }
        }

        for (var i = 0; i < check.PiiColumns.Count; i++)
        {
            if (!check.SampleColumns.Contains(check.PiiColumns[i], StringComparer.Ordinal))
            {
                yield return new ConfigProblem(JsonPath.Index(path + ".pii_columns", i), $"\"{PrintableText.Escape(check.PiiColumns[i])}\" is not one of sample_columns", "pii_columns marks sample columns whose values stay out of every message; list it in sample_columns too, or remove it");
            }
        }

        if (check.SampleColumns.Count > 0 && check.SampleColumns.All(c => check.PiiColumns.Contains(c, StringComparer.Ordinal)))
        {
            yield return new ConfigProblem(path + ".pii_columns", "every sample column is personal data, so a sample would show nothing", "add a column that identifies a row without being personal data, such as \"order_id\"");
        }

        if (check.SampleSize is < 1 or > SampledCheckDefinition.MaxSampleSize)
        {
            yield return new ConfigProblem(path + ".sample_size", $"sample_size is {check.SampleSize}", $"fetch 1 to {SampledCheckDefinition.MaxSampleSize} rows (default 5)");
        }

        if (check.SampleColumns.Count == 0 && (check.PiiColumns.Count > 0 || check.SampleSize != 5))
        {
            yield return new ConfigProblem(path, "pii_columns and sample_size have no effect without sample_columns", "list the columns a failed-row sample shows in \"sample_columns\"");
        }
    }
}
