using System.Diagnostics;
using CustomerData.Benchmarks.Report;
using CustomerData.Benchmarks.Support;
using CustomerData.Checks;
using CustomerData.Checks.Loading;

namespace CustomerData.Benchmarks.Scale;

/// <summary>
/// `--profile loader`: item 3's ConfigLoader measures alone (first call, warm calls, the phases), printed rather than
/// written to BENCHMARKS.md, so a change to the loader can be measured in seconds rather than with the whole item.
/// </summary>
internal static class LoaderProfile
{
    public static void Run(TextWriter output)
    {
        using var directory = new TemporaryDirectory("customerdata-bench-loader-");
        var file = directory.File("checks.json");
        File.WriteAllText(file, ScaleConfiguration.Generated(ScaleBenchmark.Checks, "demo.duckdb"));
        for (var i = 0; i < 6; i++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            var result = new ConfigLoader(Catalog.Default).LoadFile(file);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            output.WriteLine($"load {i}: {Stats.Ms(elapsed)}, {Stats.MiB(allocated)} allocated, {result.Errors.Count} errors");
        }

        var config = new ConfigLoader(Catalog.Default).LoadFile(file).Config!;
        foreach (var (phase, milliseconds, allocated) in LoaderBreakdown.Measure(file, config))
        {
            output.WriteLine($"  {Stats.Ms(milliseconds),10} {Stats.MiB(allocated),10}  {phase}");
        }
    }
}
