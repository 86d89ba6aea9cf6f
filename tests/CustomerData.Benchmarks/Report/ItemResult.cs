namespace CustomerData.Benchmarks.Report;

/// <summary>What one benchmark item found: its table, how it was measured, and what explains the numbers.</summary>
/// <param name="Method">How it was measured (harness, repetitions) and why that harness.</param>
/// <param name="Baseline">What the baseline column is.</param>
/// <param name="Notes">Breakdowns and observations: where the time or memory goes.</param>
internal sealed record ItemResult(int Number, string Title, string Method, string Baseline, IReadOnlyList<Measurement> Rows, IReadOnlyList<string> Notes)
{
    /// <summary>Extra markdown appended after the notes (BenchmarkDotNet's own table).</summary>
    public string? Appendix { get; init; }

    public TimeSpan Elapsed { get; init; }

    public static ItemResult Failed(int number, string title, Exception error) =>
        new(number, title, "did not complete", "—", [], [$"The item failed: {error.GetType().Name}: {error.Message}"]);
}
