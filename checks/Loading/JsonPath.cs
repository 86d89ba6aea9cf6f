using System.Text.RegularExpressions;

namespace CustomerData.Checks.Loading;

/// <summary>Builds JSON paths the way errors print them: $.checks[2].critical_after, $.sources['my-db'].</summary>
internal static partial class JsonPath
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>The path one level up, or null at the root.</summary>
    public static string? Parent(string path)
    {
        var cut = path.EndsWith(']') ? path.LastIndexOf('[') : Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? null : path[..cut];
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*\\z")]
    private static partial Regex PlainName();
}
