namespace CustomerData.Checks.Loading;

/// <summary>Builds JSON paths the way errors print them: $.checks[2].critical_after, $.sources['my-db'].</summary>
internal static class JsonPath
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        IsPlain(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>The path one level up, or null at the root.</summary>
    public static string? Parent(string path)
    {
        var cut = path.EndsWith(']') ? path.LastIndexOf('[') : Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? null : path[..cut];
    }

    // ^[A-Za-z_$][A-Za-z0-9_$]*$, without a regex: every field of every check goes through here.
    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '$')
            {
                return false;
            }
        }

        return true;
    }
}
