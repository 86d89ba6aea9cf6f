using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Engine;

/// <summary>What a check kind needs to know about the moment and place it runs in.</summary>
public sealed record CheckContext(DateTimeOffset Now, TimeZoneInfo TimeZone, DefaultsDefinition Defaults);
