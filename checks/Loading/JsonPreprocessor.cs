using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CustomerData.Checks.Loading;

/// <summary>A problem with the place it was found at, or none (null) when it is the whole file's.</summary>
internal sealed record LocatedProblem(ConfigProblem Problem, JsonPosition? Position);

/// <summary>The document after one pass over the raw file: environment expanded, every path located.</summary>
internal sealed record PreprocessedJson(ReadOnlyMemory<byte> Json, IReadOnlyDictionary<string, JsonPosition> Positions, IReadOnlyList<ConfigProblem> Problems)
{
    /// <summary>Problems at a place of their own rather than at a path: comments, trailing commas, lone surrogates.</summary>
    public IReadOnlyList<LocatedProblem> Located { get; init; } = [];

    /// <summary>Why the file could not be read as JSON at all (then <see cref="Json"/> is empty), or null.</summary>
    public LocatedProblem? Fatal { get; init; }
}

/// <summary>
/// Reads checks.json token by token, recording where each path sits and expanding ${ENV} in string values.
/// It never throws: whatever the bytes, the answer is a document or a located problem. The file is plain JSON
/// (RFC 8259): comments and trailing commas are reported where they stand, since jq and other tools reject them.
/// </summary>
internal static class JsonPreprocessor
{
    /// <summary>How deeply objects and arrays may nest: checks.json needs five levels.</summary>
    public const int MaxDepth = 64;

    private const string Refused = "jq and other JSON tools reject the file";

    // Comments and trailing commas are read so they can be reported with their position and the reading goes on.
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Allow,
        AllowTrailingCommas = true,
        MaxDepth = MaxDepth + 1,
    };

    /// <remarks>
    /// A file without a mistake takes <see cref="PlainJson"/>'s quick pass, and its positions are mapped by this full
    /// pass only when one is asked for. Otherwise the full pass writes nothing: when the file is plain JSON, the document
    /// is the file itself with the strings that held ${ENV} replaced. Comments, trailing commas and lone surrogates (each
    /// an error anyway) take a second pass that writes the document token by token without them.
    /// </remarks>
    public static PreprocessedJson Process(byte[] raw, Func<string, string?> environment) =>
        PlainJson.Read(raw, environment, ReaderOptions, () => FullPass(raw, environment).Positions) ?? FullPass(raw, environment);

    /// <summary>The pass that maps every path and reports every mistake: what a file with a problem takes.</summary>
    internal static PreprocessedJson FullPass(byte[] raw, Func<string, string?> environment) =>
        Process(raw, environment, rewrite: false) ?? Process(raw, environment, rewrite: true)!;

    /// <summary>Null when the file needs rewriting and <paramref name="rewrite"/> is false.</summary>
    private static PreprocessedJson? Process(byte[] raw, Func<string, string?> environment, bool rewrite)
    {
        // About one path per 40 bytes in a typical checks file: sized once rather than grown (and copied) a dozen times.
        var positions = new Dictionary<string, JsonPosition>(Math.Min(raw.Length / 40, 1 << 18), StringComparer.Ordinal);
        var problems = new List<ConfigProblem>();
        if (RawFile.Check(raw, out var start) is { } fileProblem)
        {
            return new PreprocessedJson(ReadOnlyMemory<byte>.Empty, positions, problems) { Fatal = new LocatedProblem(fileProblem, null) };
        }

        var utf8 = raw.AsMemory(start);
        var lines = new LineMap(utf8);
        var located = new List<LocatedProblem>();
        var output = rewrite ? new ArrayBufferWriter<byte>(utf8.Length) : null;
        var edits = new List<(int Start, int Length, string Value)>();
        var containers = new Stack<(string Path, bool IsArray, int Count)>();
        var reader = new Utf8JsonReader(utf8.Span, ReaderOptions);
        try
        {
            using var writer = output is null ? null : new Utf8JsonWriter(output);
            string? property = null;
            var pending = false;

            // The depth of an object or array whose field name was already used: its own fields repeat the first's
            // paths without being written twice in one object, so only the outer duplicate is reported.
            int? duplicateDepth = null;
            JsonPosition propertyPosition = default;
            while (reader.Read())
            {
                var position = lines.At((int)reader.TokenStartIndex);
                var here = containers.TryPeek(out var top) ? top.Path : JsonPath.Root;
                switch (reader.TokenType)
                {
                    case JsonTokenType.Comment when writer is null:
                        return null;
                    case JsonTokenType.Comment:
                        var comment = new ConfigProblem(here, $"comments are not JSON: remove it; {Refused}", "say what a check is for in its \"description\"");
                        located.Add(new(comment, position));
                        continue;
                    case JsonTokenType.PropertyName:
                        if (!TryReadString(ref reader, out property))
                        {
                            if (writer is null)
                            {
                                return null;
                            }

                            located.Add(LoneSurrogate(JsonPath.Property(here, property), property, position));
                        }

                        propertyPosition = position;
                        pending = true;
                        writer?.WritePropertyName(property);
                        continue;
                    case JsonTokenType.EndObject when pending:
                        // The reader lets a comment stand for a field's value ("a": // x); JSON has no such thing.
                        var valueless = new ConfigProblem(JsonPath.Property(here, property!), $"malformed JSON: field \"{property}\" has no value", "give it a value, or remove the field");
                        return Failed(positions, valueless, position);
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (TrailingComma(utf8.Span, (int)reader.TokenStartIndex) is { } comma)
                        {
                            if (writer is null)
                            {
                                return null;
                            }

                            var trailing = new ConfigProblem(here, $"trailing commas are not JSON: remove it; {Refused}", "remove the comma after the last item");
                            located.Add(new(trailing, lines.At(comma)));
                        }

                        containers.Pop();
                        if (containers.Count == duplicateDepth)
                        {
                            duplicateDepth = null;
                        }

                        if (writer is null)
                        {
                            continue;
                        }

                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            writer.WriteEndObject();
                        }
                        else
                        {
                            writer.WriteEndArray();
                        }

                        continue;
                }

                pending = false;
                var path = JsonPath.Root;
                if (containers.TryPop(out var parent))
                {
                    path = parent.IsArray ? JsonPath.Index(parent.Path, parent.Count) : JsonPath.Property(parent.Path, property!);
                    containers.Push(parent with { Count = parent.Count + 1 });
                    position = parent.IsArray ? position : propertyPosition;
                }

                if (!positions.TryAdd(path, position))
                {
                    if (duplicateDepth is null)
                    {
                        problems.Add(new ConfigProblem(path, $"field \"{property}\" appears twice in the same object", $"keep one; the first is at line {positions[path].Line}"));
                        duplicateDepth = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? containers.Count : null;
                    }

                    positions[path] = position;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when containers.Count == MaxDepth:
                        var deep = new ConfigProblem(JsonPath.Root, $"objects and arrays are nested more than {MaxDepth} levels deep", "checks.json needs five levels: look for a run of unclosed [ or {");
                        return Failed(positions, deep, lines.At((int)reader.TokenStartIndex));
                    case JsonTokenType.StartObject:
                        containers.Push((path, false, 0));
                        writer?.WriteStartObject();
                        break;
                    case JsonTokenType.StartArray:
                        containers.Push((path, true, 0));
                        writer?.WriteStartArray();
                        break;
                    case JsonTokenType.String when writer is null && !reader.ValueIsEscaped && reader.ValueSpan.IndexOf("${"u8) < 0:
                        // Nothing to expand and no escape that could hide a lone surrogate: the file's bytes stand.
                        break;
                    case JsonTokenType.String:
                        if (!TryReadString(ref reader, out var text))
                        {
                            if (writer is null)
                            {
                                return null;
                            }

                            located.Add(LoneSurrogate(path, text, position));
                        }

                        var expanded = EnvironmentSubstitution.Expand(text, environment, path, problems);
                        if (writer is not null)
                        {
                            writer.WriteStringValue(expanded);
                        }
                        else if (!ReferenceEquals(expanded, text))
                        {
                            // The string token as written, quotes included (a span reader's value is contiguous).
                            edits.Add(((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, expanded));
                        }

                        break;
                    default:
                        writer?.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                }
            }
        }
        catch (JsonException error)
        {
            // The reader's own line and byte: turned into a column counted in characters, as editors count.
            var line = (int)(error.LineNumber ?? 0);
            var at = lines.At(lines.Offset(line, (int)(error.BytePositionInLine ?? 0)));
            var message = error.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd('.', ' ');
            var where = containers.TryPeek(out var open) ? open.Path : JsonPath.Root;
            var malformed = new ConfigProblem(where, "malformed JSON: " + message, "fix the syntax at this position (a missing comma, quote or bracket is the usual cause)");
            return Failed(positions, malformed, at);
        }

        var json = output is not null ? output.WrittenMemory : Splice(utf8, edits);
        return new PreprocessedJson(json, positions, problems) { Located = located };
    }

    /// <summary>The file with the given string tokens replaced by their new values; the file itself when there are none.</summary>
    internal static ReadOnlyMemory<byte> Splice(ReadOnlyMemory<byte> utf8, List<(int Start, int Length, string Value)> edits)
    {
        if (edits.Count == 0)
        {
            return utf8;
        }

        var output = new ArrayBufferWriter<byte>(utf8.Length);
        var from = 0;
        foreach (var (start, length, value) in edits)
        {
            output.Write(utf8.Span[from..start]);
            output.Write(JsonSerializer.SerializeToUtf8Bytes(value));
            from = start + length;
        }

        output.Write(utf8.Span[from..]);
        return output.WrittenMemory;
    }

    private static PreprocessedJson Failed(Dictionary<string, JsonPosition> positions, ConfigProblem problem, JsonPosition at) =>
        new(ReadOnlyMemory<byte>.Empty, positions, []) { Fatal = new LocatedProblem(problem, at) };

    /// <summary>The string's value; for a lone surrogate escape ("\ud800"), false and the raw escaped text instead.</summary>
    internal static bool TryReadString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            return false;
        }
    }

    private static LocatedProblem LoneSurrogate(string path, string raw, JsonPosition position) =>
        new(
            new ConfigProblem(
                path,
                $"\"{FirstLoneSurrogate(raw)}\" is a lone surrogate escape, which encodes no character",
                "write the character itself, or both halves of its pair (such as \"\\ud83d\\ude00\")"),
            position);

    /// <summary>The first \uD800-\uDFFF escape that is not half of a pair, as written.</summary>
    private static string FirstLoneSurrogate(string raw)
    {
        for (var i = raw.IndexOf("\\u", StringComparison.Ordinal); i >= 0 && i + 6 <= raw.Length; i = raw.IndexOf("\\u", i + 2, StringComparison.Ordinal))
        {
            if (!ushort.TryParse(raw.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var unit) || !char.IsSurrogate((char)unit))
            {
                continue;
            }

            var paired = char.IsHighSurrogate((char)unit) && i + 12 <= raw.Length && raw[i + 6] == '\\' && raw[i + 7] == 'u'
                && ushort.TryParse(raw.AsSpan(i + 8, 4), System.Globalization.NumberStyles.HexNumber, null, out var low) && char.IsLowSurrogate((char)low);
            if (!paired)
            {
                return raw.Substring(i, 6);
            }

            i += 6;
        }

        return raw;
    }

    /// <summary>The offset of a comma right before a closing bracket (only whitespace between), or null.</summary>
    internal static int? TrailingComma(ReadOnlySpan<byte> utf8, int closing)
    {
        var before = utf8[..closing].TrimEnd(" \t\r\n"u8);
        return before.Length > 0 && before[^1] == (byte)',' ? before.Length - 1 : null;
    }

    /// <summary>Maps byte offsets to 1-based lines and columns counted in characters.</summary>
    private sealed class LineMap
    {
        private readonly ReadOnlyMemory<byte> _utf8;
        private readonly List<int> _lineStarts = [0];
        private int _lastOffset;
        private int _lastLine;
        private int _lastColumn = 1;

        public LineMap(ReadOnlyMemory<byte> utf8)
        {
            _utf8 = utf8;
            var span = utf8.Span;
            for (var i = 0; i < span.Length; i++)
            {
                if (span[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        /// <summary>The byte offset of a 0-based line and byte within it, kept inside the text.</summary>
        public int Offset(int line, int byteInLine) =>
            Math.Min(_lineStarts[Math.Clamp(line, 0, _lineStarts.Count - 1)] + Math.Max(byteInLine, 0), _utf8.Length);

        public JsonPosition At(int offset)
        {
            offset = Math.Clamp(offset, 0, _utf8.Length);
            var line = _lineStarts.BinarySearch(offset);
            line = line >= 0 ? line : ~line - 1;

            // Tokens come in order: counting on from the previous one keeps a long single-line file linear.
            var (from, column) = line == _lastLine && offset >= _lastOffset ? (_lastOffset, _lastColumn) : (_lineStarts[line], 1);
            column += Encoding.UTF8.GetCharCount(_utf8.Span[from..offset]);
            (_lastOffset, _lastLine, _lastColumn) = (offset, line, column);
            return new JsonPosition(line + 1, column);
        }
    }
}
