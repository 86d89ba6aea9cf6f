using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>Differences between a table's columns and what was expected or seen before, by column name (case-insensitive).</summary>
internal static class SchemaDiff
{
    /// <summary>Against the declared columns: each retyped or missing one in declared order, then extra ones in table order.</summary>
    public static List<string> Expected(ColumnsValue actual, IReadOnlyDictionary<string, string> expected, bool allowExtra)
    {
        var found = new List<string>();
        foreach (var (name, type) in expected)
        {
            var column = Find(actual.Columns, name);
            if (column is null)
            {
                found.Add($"missing column {name} (expected {actual.Types.Canonical(type)})");
            }
            else if (!actual.Types.Matches(type, column.Type))
            {
                found.Add($"{column.Name} is {column.Type}, expected {actual.Types.Canonical(type)}");
            }
        }

        if (!allowExtra)
        {
            found.AddRange(actual.Columns
                .Where(c => !expected.Keys.Any(name => string.Equals(name, c.Name, StringComparison.OrdinalIgnoreCase)))
                .Select(c => $"unexpected column {c.Name} ({c.Type})"));
        }

        return found;
    }

    /// <summary>Against the last snapshot: added and retyped columns in table order, then removed ones in their old order.</summary>
    public static List<string> Changes(ColumnsValue actual, IReadOnlyList<ColumnType> before)
    {
        var found = new List<string>();
        foreach (var column in actual.Columns)
        {
            var old = Find(before, column.Name);
            if (old is null)
            {
                found.Add($"added {column.Name} ({column.Type})");
            }
            else if (!string.Equals(actual.Types.Canonical(old.Type), column.Type, StringComparison.Ordinal))
            {
                found.Add($"retyped {column.Name} from {old.Type} to {column.Type}");
            }
        }

        found.AddRange(before.Where(old => Find(actual.Columns, old.Name) is null).Select(old => $"removed {old.Name} ({old.Type})"));
        return found;
    }

    private static ColumnType? Find(IReadOnlyList<ColumnType> columns, string name) =>
        columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
