namespace CustomerData.Checks.Engine;

/// <summary>Looks up IANA time zones by id, as validated when the configuration loaded.</summary>
public static class TimeZones
{
    public static bool TryFind(string id, out TimeZoneInfo zone)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            zone = found;
            return true;
        }

        zone = TimeZoneInfo.Utc;
        return false;
    }

    public static TimeZoneInfo Find(string id) => TryFind(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
