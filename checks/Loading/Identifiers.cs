using System.Text.RegularExpressions;

namespace CustomerData.Checks.Loading;

/// <summary>The only names that may enter SQL as text: dotted segments of [A-Za-z_][A-Za-z0-9_]*.</summary>
public static partial class Identifiers
{
    public static bool IsValid(string? name) => name is not null && Dotted().IsMatch(name);

    internal static IEnumerable<ConfigProblem> Check(string? name, string path, string what)
    {
        if (PrintableText.Check(name, path, what) is { } hidden)
        {
            yield return hidden;
        }
        else if (name is not null && !IsValid(name))
        {
            yield return new ConfigProblem(path, $"invalid {what} \"{name}\"", "use dotted identifiers made of letters, digits and _ (not starting with a digit), such as \"sales.orders\"");
        }
    }

    // \z, not $: $ also matches before a final newline, which would let "orders\n" through.
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*\\z")]
    private static partial Regex Dotted();
}
