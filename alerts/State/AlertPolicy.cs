namespace CustomerData.Alerts.State;

/// <summary>How loudly one check may speak: the flap guard, the reminder period, and whether it is muted now.</summary>
public sealed record AlertPolicy(int AlertAfter, TimeSpan? RenotifyAfter, bool Muted);
