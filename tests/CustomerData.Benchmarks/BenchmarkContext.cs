namespace CustomerData.Benchmarks;

/// <summary>What every item gets: where to report progress and the clock.</summary>
internal sealed record BenchmarkContext(TextWriter Progress, TimeProvider Time)
{
    public void Say(string message) => Progress.WriteLine($"  {message}");
}
