using System.Text.RegularExpressions;

namespace CustomerData.Checks.Loading;

/// <summary>Expands ${NAME} and ${NAME:-default} in string values from the environment.</summary>
internal static partial class EnvironmentSubstitution
{
    public static string Expand(string text, Func<string, string?> environment, string path, List<ConfigProblem> problems) =>
        !text.Contains("${", StringComparison.Ordinal) ? text : Reference().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            var value = environment(name);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }

            if (match.Groups["default"].Success)
            {
                return match.Groups["default"].Value;
            }

            problems.Add(new ConfigProblem(path, $"environment variable {name} is not set", $"set {name}, or give a default with ${{{name}:-value}}"));
            return string.Empty;
        });

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex Reference();
}
