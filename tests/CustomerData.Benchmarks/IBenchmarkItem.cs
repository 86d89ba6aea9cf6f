namespace CustomerData.Benchmarks;

/// <summary>One numbered item of issue 7: it measures this project and its baseline side by side.</summary>
internal interface IBenchmarkItem
{
    int Number { get; }

    string Title { get; }

    Task<Report.ItemResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}
