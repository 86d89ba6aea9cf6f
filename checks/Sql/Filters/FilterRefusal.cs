using System.Globalization;

namespace CustomerData.Checks.Sql.Filters;

/// <summary>Why a filter is not one allowed boolean expression, and where in the filter (0-based character index) when known.</summary>
internal sealed record FilterRefusal(string Reason, int? Offset = null)
{
    /// <summary>The reason with its position, such as "the filter calls read_csv, which is not an allowed function (at character 12)".</summary>
    public override string ToString() =>
        Offset is { } at ? string.Create(CultureInfo.InvariantCulture, $"{Reason} (at character {at + 1} of the filter)") : Reason;
}
