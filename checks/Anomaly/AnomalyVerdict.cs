namespace CustomerData.Checks.Anomaly;

/// <summary>What the learned band says about a value; <see cref="NotEnoughTraining"/> when there is too little history to learn it.</summary>
internal enum AnomalyVerdict
{
    Ok,
    Warning,
    Critical,
    NotEnoughTraining,
}
