using System.Globalization;

namespace CustomerData.Checks.Sql.Queries;

/// <summary>Why a query is not one allowed SELECT, and where in the query (0-based character index) when known.</summary>
internal sealed record QueryRefusal(string Reason, int? Offset = null)
{
    /// <summary>The reason with its position, such as "the query calls getenv, which is not an allowed function (at character 8 of the query)".</summary>
    public override string ToString() =>
        Offset is { } at ? string.Create(CultureInfo.InvariantCulture, $"{Reason} (at character {at + 1} of the query)") : Reason;
}
