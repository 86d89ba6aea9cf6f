using System.ComponentModel;
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
        var polymorphic = info.PolymorphismOptions is not null;
        if (info.PolymorphismOptions is { } polymorphism)
        {
            var kinds = polymorphism.DerivedTypes.ToDictionary(d => (string)d.TypeDiscriminator!, d => d.DerivedType);
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

            info = options.GetTypeInfo(derived);
        }

        var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var memberPath = JsonPath.Property(path, member.Name);
            if (polymorphic && member.Name == ConfigJson.Discriminator)
            {
                continue;
            }

            if (!properties.TryGetValue(member.Name, out var property))
            {
                Add(memberPath, $"unknown field \"{member.Name}\"", Suggestions.Hint(member.Name, properties.Keys));
                continue;
            }

            Validate(member.Value, property.PropertyType, memberPath, property.IsGetNullable, DescriptionOf(property), AttributeOf<MaximumDurationAttribute>(property));
        }

        foreach (var required in info.Properties.Where(p => p.IsRequired && !element.TryGetProperty(p.Name, out _)))
        {
            Add(path, $"missing required field \"{required.Name}\"", DescriptionOf(required) is { } what ? $"add \"{required.Name}\": {char.ToLowerInvariant(what[0])}{what[1..]}" : null);
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

    private static HashSet<string> EnumNames(Type type) =>
        [.. type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)];

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
