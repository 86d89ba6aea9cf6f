using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Loading;

/// <summary>Checks the shape of the document against the model's own JSON metadata: fields, types, required fields, kinds.</summary>
internal sealed class StructuralValidator(JsonSerializerOptions options, List<ConfigProblem> problems)
{
    public void Validate(JsonElement element, Type type, string path) => Validate(element, type, Where.At(path), nullable: false, description: null);

    // The path is built only when a problem is reported or a nested value needs it: most values have neither.
    private void Validate(JsonElement element, Type type, Where path, bool nullable, string? description, MaximumDurationAttribute? maximum = null)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            type = underlying;
            nullable = true;
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            if (!nullable)
            {
                Add(path.Path, $"expected {Expected(type)}, found null", description);
            }

            return;
        }

        if (type == typeof(string))
        {
            Expect(element, JsonValueKind.String, type, path, description);
        }
        else if (type == typeof(bool))
        {
            if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Add(path.Path, $"expected true or false, found {Found(element)}", description);
            }
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var whole) || (type == typeof(int) && whole is < int.MinValue or > int.MaxValue))
            {
                Add(path.Path, $"expected a whole number, found {Found(element)}", description);
            }
        }
        else if (type == typeof(double))
        {
            if (Expect(element, JsonValueKind.Number, type, path, description) && !(element.TryGetDouble(out var number) && double.IsFinite(number)))
            {
                Add(path.Path, $"the number {element.GetRawText()} is too large", "write a number a double holds (below 1.8e308)");
            }
        }
        else if (type == typeof(Duration))
        {
            if (Expect(element, JsonValueKind.String, type, path, description))
            {
                ValidateDuration(element.GetString()!, path, maximum);
            }
        }
        else if (type == typeof(DateTimeOffset))
        {
            if (!Expect(element, JsonValueKind.String, type, path, description))
            {
                return;
            }

            if (!element.TryGetDateTimeOffset(out _))
            {
                Add(path.Path, $"invalid date and time \"{element.GetString()}\"", "write ISO 8601 with an offset, such as \"2026-12-01T09:00:00Z\"");
            }
            else if (element.TryGetDateTime(out var written) && written.Kind == DateTimeKind.Unspecified)
            {
                // Read without a zone, it would be the machine's local time: the same file would mean another instant elsewhere.
                var text = element.GetString();
                Add(path.Path, $"\"{text}\" has no time zone", $"add Z for UTC or an offset, such as \"{text}Z\" or \"{text}+01:00\"");
            }
        }
        else if (type == typeof(JsonElement))
        {
            // Any JSON value (a validity rule's accepted values): its kind says which it takes, at this path.
        }
        else if (type.IsEnum)
        {
            var names = EnumNames(type);
            if (Expect(element, JsonValueKind.String, type, path, description) && !names.Contains(element.GetString()!))
            {
                Add(path.Path, $"unknown value \"{element.GetString()}\"", Suggestions.Hint(element.GetString()!, names));
            }
        }
        else
        {
            ValidateComposite(element, options.GetTypeInfo(type), path, description);
        }
    }

    private void ValidateComposite(JsonElement element, JsonTypeInfo info, Where where, string? description)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                if (Expect(element, JsonValueKind.Array, info.Type, where, description))
                {
                    var path = where.Path;
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        Validate(item, info.ElementType!, Where.Item(path, index++), nullable: false, description: null);
                    }
                }

                break;
            case JsonTypeInfoKind.Dictionary:
                if (Expect(element, JsonValueKind.Object, info.Type, where, description))
                {
                    var path = where.Path;
                    foreach (var member in element.EnumerateObject())
                    {
                        Validate(member.Value, info.ElementType!, Where.Member(path, member), nullable: false, description: null);
                    }
                }

                break;
            default:
                if (Expect(element, JsonValueKind.Object, info.Type, where, description))
                {
                    ValidateObject(element, info, where.Path);
                }

                break;
        }
    }

    private void ValidateObject(JsonElement element, JsonTypeInfo info, string path)
    {
        var shape = Shapes.GetValue(info, ObjectShape.Of);
        var polymorphic = shape.Kinds is not null;
        if (shape.Kinds is { } kinds)
        {
            if (!element.TryGetProperty(ConfigJson.Discriminator, out var discriminator))
            {
                Add(path, "missing required field \"type\"", "set \"type\" to one of: " + string.Join(", ", kinds.Keys.Select(k => $"\"{k}\"")));
                return;
            }

            if (discriminator.ValueKind != JsonValueKind.String || !kinds.TryGetValue(discriminator.GetString()!, out var derived))
            {
                var typed = discriminator.ValueKind == JsonValueKind.String ? discriminator.GetString()! : discriminator.GetRawText();
                Add(JsonPath.Property(path, ConfigJson.Discriminator), $"unknown type \"{typed}\"", Suggestions.Hint(typed, kinds.Keys));
                return;
            }

            shape = Shapes.GetValue(options.GetTypeInfo(derived), ObjectShape.Of);
        }

        var properties = shape.Properties;
        var present = 0UL;
        foreach (var member in element.EnumerateObject())
        {
            if (polymorphic && member.NameEquals("type"u8))
            {
                continue;
            }

            if (!shape.TryFind(member, out var property))
            {
                Add(JsonPath.Property(path, member.Name), $"unknown field \"{member.Name}\"", Suggestions.Hint(member.Name, properties.Keys));
                continue;
            }

            present |= property.RequiredBit;
            Validate(member.Value, property.Info.PropertyType, Where.Member(path, member), property.Info.IsGetNullable, property.Description, property.Maximum);
        }

        if (present == shape.AllRequired)
        {
            return;
        }

        foreach (var required in shape.Required.Where(p => !element.TryGetProperty(p.Info.Name, out _)))
        {
            var name = required.Info.Name;
            Add(path, $"missing required field \"{name}\"", required.Description is { } what ? $"add \"{name}\": {char.ToLowerInvariant(what[0])}{what[1..]}" : null);
        }
    }

    /// <summary>A duration is read, then held to its field's bound: the planner must be able to represent it.</summary>
    private void ValidateDuration(string text, Where where, MaximumDurationAttribute? maximum)
    {
        var (limit, limitText) = maximum is null ? (Duration.Longest, Duration.LongestText) : (maximum.Value, maximum.Limit);
        if (!Duration.TryParseUnbounded(text, out var duration, out var tooLong))
        {
            if (tooLong)
            {
                TooLong(text, where.Path, limitText);
            }
            else
            {
                Add(where.Path, $"invalid duration \"{text}\"", "write a number and a unit: \"90s\", \"15m\", \"6h\", \"2d\", \"1w\" (or \"1h30m\")");
            }
        }
        else if (duration.Value > limit)
        {
            TooLong(text, where.Path, limitText);
        }
    }

    private void TooLong(string text, string path, string limitText)
    {
        var field = path[(path.LastIndexOfAny(['.', '[']) + 1)..].TrimEnd(']');
        Add(path, $"{field} {text} is longer than the {limitText} limit", $"write at most {limitText}");
    }

    private bool Expect(JsonElement element, JsonValueKind kind, Type type, Where path, string? description)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        Add(path.Path, $"expected {Expected(type)}, found {Found(element)}", description);
        return false;
    }

    private void Add(string path, string message, string? hint) => problems.Add(new ConfigProblem(path, message, hint));

    private static string? DescriptionOf(JsonPropertyInfo property) => AttributeOf<DescriptionAttribute>(property)?.Description;

    private static T? AttributeOf<T>(JsonPropertyInfo property)
        where T : Attribute =>
        (property.AttributeProvider as MemberInfo)?.GetCustomAttribute<T>();

    private static HashSet<string> EnumNames(Type type) => EnumNameSets.GetOrAdd(type, static t =>
        [.. t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)]);

    // What reflection says of a type is the same for every object of it: read once per type (and per options, whose
    // metadata may differ), not once per check.
    private static readonly ConditionalWeakTable<JsonTypeInfo, ObjectShape> Shapes = new();
    private static readonly ConcurrentDictionary<Type, HashSet<string>> EnumNameSets = new();

    /// <summary>A field; <see cref="RequiredBit"/> is its bit among the type's first 64 required fields (0 when not one).</summary>
    private sealed record Member(JsonPropertyInfo Info, string? Description, MaximumDurationAttribute? Maximum, ulong RequiredBit);

    /// <summary>An object type's fields by JSON name (in declaration order), its required ones and, when polymorphic, its kinds.</summary>
    private sealed record ObjectShape(Dictionary<string, Member> Properties, IReadOnlyList<Member> Required, Dictionary<string, Type>? Kinds)
    {
        private readonly Dictionary<string, Member>.AlternateLookup<ReadOnlySpan<char>> _byChars = Properties.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>The bits of every required field, when they all have one; otherwise a mask no object sets.</summary>
        public ulong AllRequired { get; } = Required.Count <= 64 ? Required.Aggregate(0UL, (all, m) => all | m.RequiredBit) : ulong.MaxValue;

        public static ObjectShape Of(JsonTypeInfo info)
        {
            var required = 0;
            var members = info.Properties.Select(p => new Member(p, DescriptionOf(p), AttributeOf<MaximumDurationAttribute>(p), p.IsRequired && required < 64 ? 1UL << required++ : 0)).ToList();
            var kinds = info.PolymorphismOptions?.DerivedTypes.ToDictionary(d => (string)d.TypeDiscriminator!, d => d.DerivedType);
            return new ObjectShape(members.ToDictionary(m => m.Info.Name, StringComparer.Ordinal), [.. members.Where(m => m.Info.IsRequired)], kinds);
        }

        /// <summary>The member's field, looked up by the name's bytes as written (no string) when it is short plain ASCII.</summary>
        public bool TryFind(JsonProperty member, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Member field)
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(member);
            if (raw.Length > 64 || raw.Contains((byte)'\\') || !Ascii.IsValid(raw))
            {
                return Properties.TryGetValue(member.Name, out field);
            }

            Span<char> name = stackalloc char[raw.Length];
            Ascii.ToUtf16(raw, name, out _);
            return _byChars.TryGetValue(name, out field);
        }
    }

    /// <summary>Where a value sits: a path, or a field or item of one, turned into its path only when asked.</summary>
    private readonly struct Where
    {
        private readonly string _parent;
        private readonly JsonProperty _member;
        private readonly int _index;

        private Where(string parent, JsonProperty member, int index) => (_parent, _member, _index) = (parent, member, index);

        public string Path => _index switch { -2 => _parent, -1 => JsonPath.Property(_parent, _member.Name), _ => JsonPath.Index(_parent, _index) };

        public static Where At(string path) => new(path, default, -2);

        public static Where Member(string parent, JsonProperty member) => new(parent, member, -1);

        public static Where Item(string parent, int index) => new(parent, default, index);
    }

    private static string Expected(Type type) =>
        type == typeof(string) || type == typeof(Duration) || type == typeof(DateTimeOffset) || type.IsEnum ? "a string"
        : type == typeof(double) ? "a number"
        : type == typeof(bool) ? "true or false"
        : typeof(System.Collections.IDictionary).IsAssignableFrom(type) || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) ? "an object"
        : type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "an array"
        : "an object";

    private static string Found(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
