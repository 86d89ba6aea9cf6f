using CustomerData.Benchmarks.Report;
using CustomerData.Benchmarks.Support;
using CustomerData.Checks.Demo;

namespace CustomerData.Benchmarks.Scale;

/// <summary>`--profile serve`: item 3's `serve` memory with 10,000 checks, once ready and after a run of all of them, printed.</summary>
internal static class ServeProfile
{
    // The largest resident mappings of the process, by what they map.
    private static void Mappings(int pid, TextWriter output)
    {
        output.WriteLine(string.Join(" ", File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("Rss", StringComparison.Ordinal))));
        var sizes = new Dictionary<string, long>();
        var name = string.Empty;
        foreach (var line in File.ReadAllLines($"/proc/{pid}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                name = fields.Length >= 6 ? fields[5] : "[anon]";
            }
            else if (fields.Length > 1 && fields[0] == "Rss:")
            {
                sizes[name] = sizes.GetValueOrDefault(name) + long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        foreach (var (map, kb) in sizes.OrderByDescending(p => p.Value).Take(12))
        {
            output.WriteLine($"  {kb / 1024.0,8:N1} MB  {map}");
        }
    }

    public static async Task RunAsync(TextWriter output, TimeProvider time)
    {
        using var directory = new TemporaryDirectory("customerdata-bench-serve-");
        using var agent = new LoopbackAgent();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await DemoWarehouse.CreateAsync(directory.File("demo.duckdb"), DemoWarehouse.AnchorFor(time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        var large = directory.File("checks.json");
        await File.WriteAllTextAsync(large, ScaleConfiguration.Generated(ScaleBenchmark.Checks, "demo.duckdb")).ConfigureAwait(false);
        var environment = new Dictionary<string, string>(agent.Environment) { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty };

        // BENCH_SERVE_ENV=NAME=VALUE passes one variable to serve, for what-ifs (a GC setting, say).
        if (Environment.GetEnvironmentVariable("BENCH_SERVE_ENV")?.Split('=', 2) is [var name, var value])
        {
            environment[name] = value;
        }
        foreach (var runAll in new[] { false, true })
        {
            var start = await ServeStart.MeasureAsync(large, ScaleBenchmark.Checks, directory.File($"data-{runAll}"), environment, http, readHeap: false, CancellationToken.None, runAll, pid => Mappings(pid, output)).ConfigureAwait(false);
            var m = start.Memory;
            output.WriteLine(string.Join(" ", File.ReadAllLines($"/proc/{Environment.ProcessId}/status").Where(l => l.StartsWith("Rss", StringComparison.Ordinal))));
            output.WriteLine($"{(runAll ? "after a run" : "once ready")}: {Stats.MiB(m.Resident)} resident ({Stats.MiB(m.Anonymous)} anonymous + {Stats.MiB(m.FileBacked)} file-backed), peak {Stats.MiB(m.Peak)}");
        }
    }
}
