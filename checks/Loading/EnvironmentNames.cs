using System.Text.RegularExpressions;

namespace CustomerData.Checks.Loading;

/// <summary>
/// The fields that name an environment variable (`webhooks`, `connection_string_env`, `key_file_env`): what a name
/// is, and what is said of a value that is not one. The value is never repeated: written as `${VAR}`, it is the
/// expanded secret itself.
/// </summary>
public static partial class EnvironmentNames
{
    public const string NotAName = "this is not an environment variable name (letters, digits and _, not starting with a digit); "
        + "its text is not repeated here, as it may be a secret";

    public static bool IsName(string text) => Name().IsMatch(text);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z")]
    private static partial Regex Name();
}
