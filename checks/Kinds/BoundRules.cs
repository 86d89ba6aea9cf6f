using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Kinds;

/// <summary>The rules warn/critical min/max bounds follow wherever a kind takes them (volume, sql).</summary>
internal static class BoundRules
{
    /// <summary>Each level sets min or max, its min is not above its max, and it warns before it is critical.</summary>
    /// <param name="what">What the bounds limit, in messages: "count", "value".</param>
    public static IEnumerable<ConfigProblem> Check(string path, Bounds? warn, Bounds? critical, string what)
    {
        foreach (var (level, bounds) in new[] { ("warn", warn), ("critical", critical) })
        {
            if (bounds is { Min: null, Max: null })
            {
                yield return new ConfigProblem($"{path}.{level}", $"\"{level}\" sets neither min nor max", "give it \"min\", \"max\" or both");
            }

            if (bounds is { Min: { } min, Max: { } max } && min > max)
            {
                yield return new ConfigProblem($"{path}.{level}.min", $"{level}.min ({min}) is above {level}.max ({max})", $"min is the lowest acceptable {what} and must not exceed max");
            }
        }

        if (warn?.Min is { } warnMin && critical?.Min is { } criticalMin && criticalMin > warnMin)
        {
            yield return new ConfigProblem(path + ".critical.min", $"critical.min ({criticalMin}) is above warn.min ({warnMin})", $"a falling {what} should warn before it is critical: make critical.min the smaller number");
        }

        if (warn?.Max is { } warnMax && critical?.Max is { } criticalMax && criticalMax < warnMax)
        {
            yield return new ConfigProblem(path + ".critical.max", $"critical.max ({criticalMax}) is below warn.max ({warnMax})", $"a rising {what} should warn before it is critical: make critical.max the larger number");
        }
    }
}
