using System.Collections.Frozen;
using System.Text;

namespace CustomerData.Checks.Values;

/// <summary>
/// How one source spells column types and the other spellings checks.json may use for each (BIGINT or INT8 on
/// DuckDB, INT64 or INTEGER on BigQuery). Types compare by their canonical name, case-insensitively, with blanks
/// squeezed; an expected type written without parameters (DECIMAL, STRING, ARRAY) matches any parameters
/// (DECIMAL(18,3), STRING(10), ARRAY&lt;INT64&gt;).
/// </summary>
public sealed class TypeNames
{
    private readonly FrozenDictionary<string, string> _canonical;

    /// <param name="aliases">Each canonical name with the other names the source accepts for it.</param>
    public TypeNames(IReadOnlyDictionary<string, string[]> aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        _canonical = aliases
            .SelectMany(pair => pair.Value.Select(alias => (Alias: alias, Canonical: pair.Key)))
            .ToFrozenDictionary(p => p.Alias, p => p.Canonical, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Case and blanks only: no aliases.</summary>
    public static TypeNames Plain { get; } = new(new Dictionary<string, string[]>());

    /// <summary>The canonical spelling: upper case, blanks squeezed, the name before any parameters mapped from its alias.</summary>
    public string Canonical(string type)
    {
        var text = Squeeze(type ?? string.Empty);
        var cut = text.IndexOfAny(['(', '<', '[']);
        var head = cut < 0 ? text : text[..cut];
        return (_canonical.TryGetValue(head, out var canonical) ? canonical : head) + (cut < 0 ? string.Empty : text[cut..]);
    }

    /// <summary>Whether a column of type <paramref name="actual"/> is what <paramref name="expected"/> asks for.</summary>
    public bool Matches(string expected, string actual)
    {
        var want = Canonical(expected);
        var have = Canonical(actual);
        if (want == have)
        {
            return true;
        }

        // Parameters in (...) or <...> may be left out of the expected type; a list's [] may not.
        return want.IndexOfAny(['(', '<', '[']) < 0 && have.Length > want.Length && have.StartsWith(want, StringComparison.Ordinal)
            && have[want.Length] is '(' or '<';
    }

    private static string Squeeze(string type)
    {
        var text = new StringBuilder(type.Length);
        foreach (var c in type.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] is not (' ' or '(' or '<' or ','))
                {
                    text.Append(' ');
                }

                continue;
            }

            if (c is ')' or '>' or ',' or '(' or '<' && text.Length > 0 && text[^1] == ' ')
            {
                text.Length--;
            }

            text.Append(char.ToUpperInvariant(c));
        }

        return text.ToString();
    }
}
