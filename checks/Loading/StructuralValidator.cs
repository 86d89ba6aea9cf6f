using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Loading;

/// <summary>Checks the shape of the document against the model's own JSON metadata: fields, types, required fields, kinds.</summary>
internal sealed class StructuralValidator(JsonSerializerOptions options, List<ConfigProblem> problems)
{
    public void Validate(JsonElement element, Type type, string path) => Validate(element, type, path, nullable: false, description: null);

    private void Validate(JsonElement element, Type type, string path, bool nullable, string? description, MaximumDurationAttribute? maximum = null)
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
                Add(path, $"expected {Expected(type)}, found null", description);
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
                Add(path, $"expected true or false, found {Found(element)}", description);
            }
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var whole) || (type == typeof(int) && whole is < int.MinValue or > int.MaxValue))
            {
                Add(path, $"expected a whole number, found {Found(element)}", description);
            }
        }
        else if (type == typeof(double))
        {
            if (Expect(element, JsonValueKind.Number, type, path, description) && !(element.TryGetDouble(out var number) && double.IsFinite(number)))
            {
                Add(path, $"the number {element.GetRawText()} is too large", "write a number a double holds (below 1.8e308)");
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
            if (Expect(element, JsonValueKind.String, type, path, description) && !element.TryGetDateTimeOffset(out _))
            {
                Add(path, $"invalid date and time \"{element.GetString()}\"", "write ISO 8601 with an offset, such as \"2026-12-01T09:00:00Z\"");
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
                Add(path, $"unknown value \"{element.GetString()}\"", Suggestions.Hint(element.GetString()!, names));
            }
        }
        else
        {
            ValidateComposite(element, options.GetTypeInfo(type), path, description);
        }
    }

    private void ValidateComposite(JsonElement element, JsonTypeInfo info, string path, string? description)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                if (Expect(element, JsonValueKind.Array, info.Type, path, description))
                {
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        Validate(item, info.ElementType!, JsonPath.Index(path, index++), nullable: false, description: null);
                    }
                }

                break;
            case JsonTypeInfoKind.Dictionary:
                if (Expect(element, JsonValueKind.Object, info.Type, path, description))
                {
                    foreach (var member in element.EnumerateObject())
                    {
                        Validate(member.Value, info.ElementType!, JsonPath.Property(path, member.Name), nullable: false, description: null);
                    }
                }

                break;
            default:
                if (Expect(element, JsonValueKind.Object, info.Type, path, description))
                {
                    ValidateObject(element, info, path);
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

            var typePath = JsonPath.Property(path, ConfigJson.Discriminator);
            if (discriminator.ValueKind != JsonValueKind.String || !kinds.TryGetValue(discriminator.GetString()!, out var derived))
            {
                var typed = discriminator.ValueKind == JsonValueKind.String ? discriminator.GetString()! : discriminator.GetRawText();
                Add(typePath, $"unknown type \"{typed}\"", Suggestions.Hint(typed, kinds.Keys));
                return;
            }

            shape = Shapes.GetValue(options.GetTypeInfo(derived), ObjectShape.Of);
        }

        var properties = shape.Properties;
        foreach (var member in element.EnumerateObject())
        {
            if (polymorphic && member.NameEquals(ConfigJson.Discriminator))
            {
                continue;
            }

            var memberPath = JsonPath.Property(path, member.Name);
            if (!properties.TryGetValue(member.Name, out var property))
            {
                Add(memberPath, $"unknown field \"{member.Name}\"", Suggestions.Hint(member.Name, properties.Keys));
                continue;
            }

            Validate(member.Value, property.Info.PropertyType, memberPath, property.Info.IsGetNullable, property.Description, property.Maximum);
        }

        foreach (var required in shape.Required.Where(p => !element.TryGetProperty(p.Info.Name, out _)))
        {
            var name = required.Info.Name;
            Add(path, $"missing required field \"{name}\"", required.Description is { } what ? $"add \"{name}\": {char.ToLowerInvariant(what[0])}{what[1..]}" : null);
        }
    }

    /// <summary>A duration is read, then held to its field's bound: the planner must be able to represent it.</summary>
    private void ValidateDuration(string text, string path, MaximumDurationAttribute? maximum)
    {
        var (limit, limitText) = maximum is null ? (Duration.Longest, Duration.LongestText) : (maximum.Value, maximum.Limit);
        var field = path[(path.LastIndexOfAny(['.', '[']) + 1)..].TrimEnd(']');
        var tooLongHint = $"write at most {limitText}";
        if (!Duration.TryParseUnbounded(text, out var duration, out var tooLong))
        {
            if (tooLong)
            {
                Add(path, $"{field} {text} is longer than the {limitText} limit", tooLongHint);
            }
            else
            {
                Add(path, $"invalid duration \"{text}\"", "write a number and a unit: \"90s\", \"15m\", \"6h\", \"2d\", \"1w\" (or \"1h30m\")");
            }
        }
        else if (duration.Value > limit)
        {
            Add(path, $"{field} {text} is longer than the {limitText} limit", tooLongHint);
        }
    }

    private bool Expect(JsonElement element, JsonValueKind kind, Type type, string path, string? description)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        Add(path, $"expected {Expected(type)}, found {Found(element)}", description);
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

    private sealed record Member(JsonPropertyInfo Info, string? Description, MaximumDurationAttribute? Maximum);

    /// <summary>An object type's fields by JSON name (in declaration order), its required ones and, when polymorphic, its kinds.</summary>
    private sealed record ObjectShape(Dictionary<string, Member> Properties, IReadOnlyList<Member> Required, Dictionary<string, Type>? Kinds)
    {
        public static ObjectShape Of(JsonTypeInfo info)
        {
            var members = info.Properties.Select(p => new Member(p, DescriptionOf(p), AttributeOf<MaximumDurationAttribute>(p))).ToList();
            var kinds = info.PolymorphismOptions?.DerivedTypes.ToDictionary(d => (string)d.TypeDiscriminator!, d => d.DerivedType);
            return new ObjectShape(members.ToDictionary(m => m.Info.Name, StringComparer.Ordinal), [.. members.Where(m => m.Info.IsRequired)], kinds);
        }
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
