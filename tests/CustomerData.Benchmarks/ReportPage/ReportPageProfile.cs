using System.Diagnostics;
using CustomerData.Benchmarks.Scale;
using CustomerData.Benchmarks.Support;
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
        var given = Environment.GetEnvironmentVariable("REPORT_PAGES");
        if (!string.IsNullOrEmpty(given))
        {
            await using var browser = await HeadlessChromium.StartAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var page in given.Split(':'))
            {
                await LoadAsync(output, browser, page, Path.GetFileName(page), 0).ConfigureAwait(false);
            }

            return;
        }

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

        await using var chromium = await HeadlessChromium.StartAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var span in new[] { "90d", "30d" })
        {
            var file = Path.Combine(directory, $"report-{span}.html");
            var environment = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty };
            var (exitCode, milliseconds, text) = await MonitorProcess.RunAsync(
                Repository.MonitorsDll, ["report", "--config", config, "--data-dir", data, "--out", file, "--since", span], environment, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"report exited {exitCode}:\n{text}");
            }

            await LoadAsync(output, chromium, file, span, milliseconds).ConfigureAwait(false);
        }
    }

    private static async Task LoadAsync(TextWriter output, HeadlessChromium chromium, string file, string span, double milliseconds)
    {
        {
            await chromium.LoadAsync("about:blank", TimeSpan.FromMinutes(1)).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var load = await chromium.LoadAsync(new Uri(file).AbsoluteUri, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            var timing = await chromium.EvaluateAsync(
                "(() => { const n = performance.getEntriesByType('navigation')[0]; return `responseEnd ${n.responseEnd.toFixed(0)}, domInteractive ${n.domInteractive.toFixed(0)}, "
                + "domContentLoaded ${n.domContentLoadedEventEnd.toFixed(0)}, loadEventEnd ${n.loadEventEnd.toFixed(0)}, elements ${document.getElementsByTagName('*').length}`; })()").ConfigureAwait(false);
            var probe = Environment.GetEnvironmentVariable("REPORT_PROBE");
            if (!string.IsNullOrEmpty(probe))
            {
                output.WriteLine($"probe: {await chromium.EvaluateAsync(probe).ConfigureAwait(false)}");
            }

            output.WriteLine($"{span}: report {milliseconds:N0} ms, {new FileInfo(file).Length / 1048576.0:0.0} MB; load {load:N0} ms ({Stopwatch.GetElapsedTime(started).TotalMilliseconds:N0} ms around); {timing}");
        }
    }
}
