using System.Text.Json;

namespace CustomerData.Checks.Loading;

/// <summary>
/// The quick pass for the usual file, plain JSON without a mistake JsonPreprocessor would report: it checks exactly that
/// and expands ${ENV}, but builds no path and no position. Any such mistake (a comment, a trailing comma, a field written
/// twice, a lone surrogate, an unset variable, too deep, malformed) makes it give up, and JsonPreprocessor's full pass
/// reports it as before. Positions are then mapped only when something asks for one: only a reported problem does.
/// </summary>
internal static class PlainJson
{
    // Past this many fields in one object, duplicates are left to the full pass rather than compared pairwise.
    private const int MaxComparedFields = 64;

    /// <summary>The document with its positions mapped on first use, or null when the full pass must read the file.</summary>
    public static PreprocessedJson? Read(byte[] raw, Func<string, string?> environment, JsonReaderOptions options, Func<IReadOnlyDictionary<string, JsonPosition>> positions)
    {
        if (RawFile.Check(raw, out var start) is not null)
        {
            return null;
        }

        var utf8 = raw.AsMemory(start);
        var edits = new List<(int Start, int Length, string Value)>();
        var reader = new Utf8JsonReader(utf8.Span, options);

        // The fields of every open object, as (offset, length) of their names in the file; -1 opens an array.
        var names = new List<(int Start, int Length)>();
        var opened = new Stack<int>();
        var pending = false;
        var expansionProblems = new List<ConfigProblem>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.Comment:
                        return null;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= JsonPreprocessor.MaxDepth:
                        return null;
                    case JsonTokenType.StartObject:
                        opened.Push(names.Count);
                        break;
                    case JsonTokenType.StartArray:
                        opened.Push(-1);
                        break;
                    case JsonTokenType.PropertyName:
                        if (reader.ValueIsEscaped || !Unique(utf8.Span, names, opened.Peek(), reader.ValueSpan))
                        {
                            return null;
                        }

                        names.Add(((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
                        pending = true;
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (pending || JsonPreprocessor.TrailingComma(utf8.Span, (int)reader.TokenStartIndex) is not null)
                        {
                            return null;
                        }

                        if (opened.Pop() is >= 0 and var first)
                        {
                            names.RemoveRange(first, names.Count - first);
                        }

                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped || reader.ValueSpan.IndexOf("${"u8) >= 0:
                        if (!JsonPreprocessor.TryReadString(ref reader, out var text))
                        {
                            return null;
                        }

                        var expanded = EnvironmentSubstitution.Expand(text, environment, JsonPath.Root, expansionProblems);
                        if (expansionProblems.Count > 0)
                        {
                            return null;
                        }

                        if (!ReferenceEquals(expanded, text))
                        {
                            edits.Add(((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, expanded));
                        }

                        break;
                }

                pending = false;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return new PreprocessedJson(JsonPreprocessor.Splice(utf8, edits), new LazyPositions(positions), []);
    }

    /// <summary>Whether no earlier field of the open object (its names from <paramref name="first"/>) has this name.</summary>
    private static bool Unique(ReadOnlySpan<byte> utf8, List<(int Start, int Length)> names, int first, ReadOnlySpan<byte> name)
    {
        if (names.Count - first >= MaxComparedFields)
        {
            return false;
        }

        for (var i = first; i < names.Count; i++)
        {
            var (start, length) = names[i];
            if (length == name.Length && utf8.Slice(start, length).SequenceEqual(name))
            {
                return false;
            }
        }

        return true;
    }
}
