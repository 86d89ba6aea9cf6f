using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CustomerData.Checks.Loading;

/// <summary>The document after one pass over the raw file: environment expanded, comments dropped, every path located.</summary>
internal sealed record PreprocessedJson(byte[] Json, IReadOnlyDictionary<string, JsonPosition> Positions, IReadOnlyList<ConfigProblem> Problems);

/// <summary>Reads checks.json token by token, recording where each path sits and expanding ${ENV} in string values.</summary>
internal static class JsonPreprocessor
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <exception cref="JsonException">The file is not well-formed JSON.</exception>
    public static PreprocessedJson Process(byte[] utf8, Func<string, string?> environment)
    {
        var lines = new LineMap(utf8);
        var positions = new Dictionary<string, JsonPosition>(StringComparer.Ordinal);
        var problems = new List<ConfigProblem>();
        var output = new ArrayBufferWriter<byte>(utf8.Length);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = false }))
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            var containers = new Stack<(string Path, bool IsArray, int Count)>();
            string? property = null;
            JsonPosition propertyPosition = default;
            while (reader.Read())
            {
                var position = lines.At((int)reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString()!;
                    propertyPosition = position;
                    writer.WritePropertyName(property);
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    containers.Pop();
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

                var path = JsonPath.Root;
                if (containers.TryPop(out var parent))
                {
                    path = parent.IsArray ? JsonPath.Index(parent.Path, parent.Count) : JsonPath.Property(parent.Path, property!);
                    containers.Push(parent with { Count = parent.Count + 1 });
                    position = parent.IsArray ? position : propertyPosition;
                }

                if (!positions.TryAdd(path, position))
                {
                    problems.Add(new ConfigProblem(path, $"field \"{property}\" appears twice in the same object", $"keep one; the first is at line {positions[path].Line}"));
                    positions[path] = position;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        containers.Push((path, false, 0));
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.StartArray:
                        containers.Push((path, true, 0));
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(EnvironmentSubstitution.Expand(reader.GetString()!, environment, path, problems));
                        break;
                    default:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                }
            }
        }

        return new PreprocessedJson(output.WrittenSpan.ToArray(), positions, problems);
    }

    /// <summary>Maps byte offsets to 1-based lines and columns counted in characters.</summary>
    private sealed class LineMap
    {
        private readonly byte[] _utf8;
        private readonly List<int> _lineStarts = [0];

        public LineMap(byte[] utf8)
        {
            _utf8 = utf8;
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public JsonPosition At(int offset)
        {
            var line = _lineStarts.BinarySearch(offset);
            line = line >= 0 ? line : ~line - 1;
            var column = Encoding.UTF8.GetCharCount(_utf8, _lineStarts[line], offset - _lineStarts[line]) + 1;
            return new JsonPosition(line + 1, column);
        }
    }
}
