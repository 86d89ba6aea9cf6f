namespace CustomerData.Checks.Anomaly;

/// <summary>An inclusive range of values: a value outside it fires the level it belongs to.</summary>
internal readonly record struct AnomalyRange(double Low, double High)
{
    public bool Contains(double value) => value >= Low && value <= High;
}
