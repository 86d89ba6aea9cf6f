namespace CustomerData.Checks.Loading;

/// <summary>"Did you mean …?" for misspelt field, type and source names.</summary>
internal static class Suggestions
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        var best = known
            .Select(candidate => (candidate, distance: Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .OrderBy(pair => pair.distance)
            .FirstOrDefault();
        return best.candidate is not null && best.distance <= Math.Max(2, typed.Length / 3) ? best.candidate : null;
    }

    public static string Hint(string typed, IEnumerable<string> known)
    {
        var list = known.ToList();
        return Closest(typed, list) is { } close
            ? $"did you mean \"{close}\"?"
            : "expected one of: " + string.Join(", ", list.Select(k => $"\"{k}\""));
    }

    // Optimal string alignment distance: Levenshtein plus adjacent transpositions ("critcial").
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
