using System.Text;

namespace CustomerData.Tests.Soak;

/// <summary>What an edit of checks.json did to the file.</summary>
internal enum EditKind
{
    Valid,
    Garbage,
    Truncated,
    InvalidJson,
    InvalidConfig,
}

/// <summary>
/// Random edits of checks.json as an operator (or a broken deploy) makes them: garbage bytes, a file cut short, JSON
/// that does not parse, a configuration that does not validate, then valid ones again; written in place (a reader
/// may catch it half-written) or renamed over the old file (as editors and ConfigMaps do).
/// </summary>
internal sealed class ConfigEdits(string path, Random random)
{
    private static readonly (string From, string To)[] Breakages =
    [
        ("\"critical\"", "\"critical_afer\""),
        ("\"*/3 * * * * ?\"", "\"*/3 * * * *\""),
        ("\"window\": \"3s\"", "\"window\": \"3 seconds\""),
        ("\"source\": \"wh\"", "\"source\": \"whx\""),
    ];

    public Dictionary<EditKind, int> Counts { get; } = Enum.GetValues<EditKind>().ToDictionary(k => k, _ => 0);

    public EditKind Apply()
    {
        var roll = random.NextDouble();
        var kind = roll switch
        {
            < 0.40 => EditKind.Valid,
            < 0.55 => EditKind.Garbage,
            < 0.70 => EditKind.Truncated,
            < 0.85 => EditKind.InvalidJson,
            _ => EditKind.InvalidConfig,
        };
        Write(Content(kind), atomically: random.Next(2) == 0);
        Counts[kind]++;
        return kind;
    }

    /// <summary>The canonical file, renamed into place: the configuration the soak ends on.</summary>
    public void Restore() => Write(Encoding.UTF8.GetBytes(SoakConfigFile.Canonical()), atomically: true);

    /// <summary>A valid variant, for a restart that found the file broken (as an operator would fix it).</summary>
    public void Repair() => Write(Encoding.UTF8.GetBytes(SoakConfigFile.Variant(random)), atomically: true);

    private byte[] Content(EditKind kind)
    {
        var valid = SoakConfigFile.Variant(random);
        switch (kind)
        {
            case EditKind.Garbage:
                var bytes = new byte[random.Next(1, 4096)];
                random.NextBytes(bytes);
                return bytes;
            case EditKind.Truncated:
                return Encoding.UTF8.GetBytes(valid[..random.Next(0, valid.Length - 3)]);
            case EditKind.InvalidJson:
                // Only structural characters are removed (or followed by a stray quote), so the result never parses:
                // a deleted digit could make a valid file with another policy, which the oracle would not know.
                var structural = valid.Select((c, i) => (c, i)).Where(p => "{}[],:".Contains(p.c, StringComparison.Ordinal)).ToList();
                var at = structural[random.Next(structural.Count)].i;
                return Encoding.UTF8.GetBytes(random.Next(2) == 0 ? valid.Remove(at, 1) : valid.Insert(at + 1, "\""));
            case EditKind.InvalidConfig:
                var (from, to) = Breakages[random.Next(Breakages.Length)];
                return Encoding.UTF8.GetBytes(ReplaceFirst(valid, from, to));
            default:
                return Encoding.UTF8.GetBytes(valid);
        }
    }

    private void Write(byte[] content, bool atomically)
    {
        if (!atomically)
        {
            File.WriteAllBytes(path, content);
            return;
        }

        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }
}
