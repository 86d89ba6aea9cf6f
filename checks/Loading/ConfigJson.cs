using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Loading;

/// <summary>The one set of JSON rules checks.json is read, validated and described by.</summary>
public static class ConfigJson
{
    public const string Discriminator = "type";

    public static JsonSerializerOptions CreateOptions(Catalog catalog)
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info => AddKinds(info, catalog));
        resolver.Modifiers.Add(RequireSourceAndTable);
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            // Plain JSON, as jq and every other tool reads it: comments and trailing commas are refused (JsonPreprocessor reports them).
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
            TypeInfoResolver = resolver,
        };
        options.MakeReadOnly();
        return options;
    }

    // "source" and "table" are required of every check kind that has them; a kind that derives them (a reconciliation
    // names its tables per side) has neither field, so the schema and the loader agree on both.
    private static void RequireSourceAndTable(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !typeof(CheckDefinition).IsAssignableFrom(info.Type) || info.Type.IsAbstract)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i] is { Name: "source" or "table" } property)
            {
                // Derived from other fields (no setter): not a field of this kind at all.
                if (property.Set is null)
                {
                    info.Properties.RemoveAt(i);
                }
                else
                {
                    property.IsRequired = true;
                }
            }
        }
    }

    // Check kinds and source types register in the Catalog, not in attributes on the base records,
    // so adding one never edits a file that lists all of them.
    private static void AddKinds(JsonTypeInfo info, Catalog catalog)
    {
        IEnumerable<(Type Type, string Name)>? derived =
            info.Type == typeof(CheckDefinition) ? catalog.CheckKinds.Select(k => (k.DefinitionType, k.TypeName))
            : info.Type == typeof(SourceDefinition) ? catalog.SourceKinds.Select(k => (k.DefinitionType, k.TypeName))
            : null;
        if (derived is null)
        {
            return;
        }

        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = Discriminator,
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var (type, name) in derived)
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
        }
    }
}
