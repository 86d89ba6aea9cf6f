using CustomerData.Benchmarks.Scale;
using CustomerData.Checks;
using CustomerData.Checks.Loading;
using CustomerData.Monitors.History;
using CustomerData.Testing;

namespace CustomerData.Benchmarks.ReportPage;

/// <summary>
/// `--profile report-page --dir D`: item 8's 10,000 checks and 90 days of history kept in D (filled once, reused), then
/// `report --out` for 90d and 30d and one Chromium load of each with the page's own timings (parse, scripts, load), printed.
/// For working on the page without refilling the store every time.
/// </summary>
internal static class ReportPageProfile
{
    public static async Task RunAsync(TextWriter output, string directory, TimeProvider time, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "checks.json");
        var data = Path.Combine(directory, "data");
        var state = Path.Combine(data, "state.db");
        if (!File.Exists(state))
        {
            await File.WriteAllTextAsync(config, ScaleConfiguration.Generated(10_000, "demo.duckdb"), cancellationToken).ConfigureAwait(false);
            var checks = new ConfigLoader(Catalog.Default).LoadFile(config).Config!.Checks;
            Directory.CreateDirectory(data);
            var store = await SqliteHistoryStore.OpenAsync(state, cancellationToken).ConfigureAwait(false);
            var rows = await HistoryFill.FillAsync(store, checks, time.GetUtcNow(), TimeSpan.FromDays(90), cancellationToken).ConfigureAwait(false);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            output.WriteLine($"filled {state}: {rows:N0} rows");
        }

        await using var chromium = await HeadlessChromium.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var span in new[] { "90d", "30d" })
        {
            var file = Path.Combine(directory, $"report-{span}.html");
            var written = await ReportPageBenchmark.WriteReportAsync(config, data, file, span).ConfigureAwait(false);
            await chromium.LoadAsync("about:blank", TimeSpan.FromMinutes(1)).ConfigureAwait(false);
            var load = await chromium.LoadAsync(new Uri(file).AbsoluteUri, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            var timing = await chromium.EvaluateAsync(
                "(() => { const n = performance.getEntriesByType('navigation')[0]; return `responseEnd ${n.responseEnd.toFixed(0)}, domInteractive ${n.domInteractive.toFixed(0)}, "
                + "loadEventEnd ${n.loadEventEnd.toFixed(0)}, elements ${document.getElementsByTagName('*').length}`; })()").ConfigureAwait(false);
            output.WriteLine($"{span}: report {written:N0} ms, {new FileInfo(file).Length / 1048576.0:0.0} MB; load {load:N0} ms; {timing}");
        }
    }
}
