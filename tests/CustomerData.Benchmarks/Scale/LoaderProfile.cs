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
            // CPU time as well as wall time: on a loaded machine the wall clock also counts the waits for a core.
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var (paused, collections) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0));
            var (jitted, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            var started = Stopwatch.GetTimestamp();
            var result = new ConfigLoader(Catalog.Default).LoadFile(file);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            process.Refresh();
            var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
            output.WriteLine(
                $"load {i}: {Stats.Ms(elapsed)} wall, {Stats.Ms(cpuMs)} CPU (all threads), {Stats.MiB(allocated)} allocated, {result.Errors.Count} errors; "
                + $"GC {GC.CollectionCount(0) - collections} collections, {Stats.Ms((GC.GetTotalPauseDuration() - paused).TotalMilliseconds)} paused; "
                + $"JIT {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted} methods, {Stats.Ms((System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds)}");
        }

        var config = new ConfigLoader(Catalog.Default).LoadFile(file).Config!;
        foreach (var (phase, milliseconds, allocated) in LoaderBreakdown.Measure(file, config))
        {
            output.WriteLine($"  {Stats.Ms(milliseconds),10} {Stats.MiB(allocated),10}  {phase}");
        }
    }
}
