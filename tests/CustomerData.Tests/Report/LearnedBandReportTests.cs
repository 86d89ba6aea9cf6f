using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.History;
using CustomerData.Testing;
using CustomerData.Tests.Anomaly;
using CustomerData.Tests.Cli;
using CustomerData.Tests.Service;

namespace CustomerData.Tests.Report;

/// <summary>
/// The learned band on the report: a real hourly volume with "anomaly" run by `run` on DuckDB at successive hours, its
/// recorded ranges read back from state.db, and the shaded band (as text, in Chromium, and on serve's check page)
/// following them point for point.
/// </summary>
[TestClass]
public sealed partial class LearnedBandReportTests
{
    private const int Runs = 4;

    // The hours 08:00 to 12:00 of Monday 2026-11-30, judged at 5 past the next: OK, OK, the planted drop to 20 rows (CRITICAL), OK.
    private static readonly DateTimeOffset FirstRun = new(2026, 11, 30, 9, 5, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset ReportAt = FirstRun.AddHours(Runs - 1).AddMinutes(10);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_band_follows_each_recorded_range_and_the_overview_shows_the_last_one()
    {
        var (html, _, recorded) = await RecordAndReportAsync();

        var chart = ReportCommandTests.Section(html, "orders_hourly");
        var band = Absolute(BandData().Match(chart).Groups[1].Value);
        Assert.AreEqual(2 * Runs, band.Count, "the high ends left to right, then the low ends back");
        var (x, y) = Scale(recorded);
        var expected = recorded.Select(r => (x(r.MeasuredAt), y(r.ExpectedHigh!.Value)))
            .Concat(recorded.Reverse().Select(r => (x(r.MeasuredAt), y(r.ExpectedLow!.Value)))).ToList();
        for (var i = 0; i < band.Count; i++)
        {
            Assert.AreEqual(expected[i].Item1, band[i].X, 1e-6, $"x of point {i}");
            Assert.AreEqual(expected[i].Item2, band[i].Y, 1e-6, $"y of point {i}");
        }

        // The drop at 10:00 is marked on the chart as before; the static check has no band.
        Assert.AreEqual(1, Regex.Count(chart, "<circle class='mark critical'"));
        Assert.IsFalse(ReportCommandTests.Section(html, "orders_total").Contains("class='band'", StringComparison.Ordinal));

        var last = recorded[^1];
        StringAssert.Contains(html, $"<td>{Amount(last.ExpectedLow!.Value)}–{Amount(last.ExpectedHigh!.Value)}, learned</td>");
        StringAssert.Contains(ReportCommandTests.Section(html, "orders_hourly"), $"<dt>Expected</dt><dd>{Amount(last.ExpectedLow.Value)}–{Amount(last.ExpectedHigh.Value)}, learned at the last run");
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Chromium_draws_the_band_with_a_point_per_recorded_bound_when_the_check_is_opened()
    {
        HeadlessChromium.Executable();
        var (_, output, recorded) = await RecordAndReportAsync();
        await using var chromium = await HeadlessChromium.StartAsync(TestContext.CancellationToken);
        await chromium.NavigateAsync(new Uri(output).AbsoluteUri);

        // Opened from the overview, as a reader would: the link's target comes into view and its chart is drawn.
        var drawn = (await chromium.EvaluateAsync(ReportInChromiumTests.OpenScript("orders_hourly")))!.AsObject();
        Assert.AreEqual(2 * Runs, drawn["band"]!.GetValue<int>());
        Assert.AreEqual(Runs, drawn["series"]!.GetValue<int>());
        Assert.IsTrue(drawn["bandArea"]!.GetValue<double>() > 0, "the band is a filled area the browser measured");
        var last = recorded[^1];
        Assert.AreEqual(
            $"{Amount(last.ExpectedLow!.Value)}–{Amount(last.ExpectedHigh!.Value)}, learned",
            (await chromium.EvaluateAsync("document.querySelector('#overview tr[data-check=\"orders_hourly\"] td:nth-child(5)').textContent"))!.GetValue<string>());
        Assert.AreEqual(string.Empty, string.Join("\n", chromium.Errors), "console errors, exceptions or CSP violations");
    }

    [TestMethod]
    public async Task Serve_shows_the_band_on_the_checks_own_page()
    {
        var port = ServeHarness.FreePort();
        await using var serve = ServeHarness.Create($$"""
            {
              "defaults": { "schedule": "* * * * * ?", "notify": { "slack": "#alerts" } },
              "notifications": { "slack": { "webhooks": { "#alerts": "console" } } },
              "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}", "shutdown_grace": "20s" },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": [
                "CREATE TABLE t AS SELECT date_trunc('hour', now()::TIMESTAMP) - to_minutes(i) AS at FROM range(1, 60 * 24 * 10) r(i) WHERE i % 60 < 20 + i // 60 % 24"] } },
              "checks": [
                { "name": "t_hourly", "type": "volume", "source": "mem", "table": "t", "time_column": "at", "window": "1h",
                  "window_alignment": "complete", "critical": { "min": 1 }, "anomaly": {} }
              ]
            }
            """);
        await serve.StartAsync(healthPort: port);
        var history = await serve.HistoryAsync();
        await ServeHarness.WaitUntilAsync(
            async () => (await history.ReadAsync("t_hourly", DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None)).Count(r => r.ExpectedLow is not null) >= 2,
            "two runs of t_hourly with a learned range");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var response = await http.GetAsync("/checks/t_hourly");
        var page = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, page);
        var chart = ReportCommandTests.Section(ReportCommandTests.Expanded(page), "t_hourly");
        var series = Points(SeriesData().Match(chart).Groups[1].Value);
        Assert.IsTrue(series.Count >= 2, chart);
        Assert.AreEqual(2 * series.Count, Points(BandData().Match(chart).Groups[1].Value).Count, "every run of the page has its range");
        StringAssert.Matches(ReportCommandTests.Expanded(page), LearnedCell());
    }

    /// <summary>Runs the check at four successive hours with `run`, then writes the report; returns it and what was recorded.</summary>
    private static async Task<(string Html, string Output, IReadOnlyList<HistoryRecord> Recorded)> RecordAndReportAsync()
    {
        var json = $$"""
            {
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": {{JsonSerializer.Serialize(LearnedVolumeTests.Init)}} } },
              "checks": [
                { "name": "orders_hourly", "type": "volume", "source": "mem", "table": "shop.orders", "time_column": "created_at",
                  "window": "1h", "window_alignment": "complete", "critical": { "min": 1 }, "anomaly": {} },
                { "name": "orders_total", "type": "volume", "source": "mem", "table": "shop.orders", "critical": { "min": 1 } }
              ]
            }
            """;
        var config = CliRunner.WriteConfig(json);
        var data = CliRunner.NewDataDirectory();
        for (var run = 0; run < Runs; run++)
        {
            var outcome = await CliRunner.RunWithAsync(new Dictionary<string, string>(), FirstRun.AddHours(run), "run", "--config", config, "--data-dir", data);
            Assert.AreEqual(run == 2 ? ExitCodes.Critical : ExitCodes.Ok, outcome.ExitCode, outcome.Out + outcome.Error);
        }

        var output = Path.Combine(data, "report.html");
        var report = await CliRunner.RunWithAsync(new Dictionary<string, string>(), ReportAt, "report", "--config", config, "--data-dir", data, "--out", output, "--since", "1d");
        Assert.AreEqual(ExitCodes.Ok, report.ExitCode, report.Error);
        var store = await SqliteHistoryStore.OpenAsync(Path.Combine(data, "state.db"), CancellationToken.None);
        var recorded = await store.ReadAsync("orders_hourly", ReportAt.AddDays(-1), CancellationToken.None);
        Assert.AreEqual(Runs, recorded.Count);
        Assert.IsTrue(recorded.All(r => r.ExpectedLow < r.ExpectedHigh), "every run recorded its learned range");
        Assert.AreEqual(20, recorded[2].Value, "the planted drop");
        return (ReportCommandTests.Expanded(await File.ReadAllTextAsync(output)), output, recorded);
    }

    /// <summary>The chart's coordinates (to the tenth, as drawn), computed here from the recorded values: 640×170, plot from (64, 8) to (632, 148).</summary>
    private static (Func<DateTimeOffset, double> X, Func<double, double> Y) Scale(IReadOnlyList<HistoryRecord> recorded)
    {
        var values = recorded.SelectMany(r => new[] { r.Value!.Value, r.ExpectedLow!.Value, r.ExpectedHigh!.Value }).Append(1).ToList();
        var pad = (values.Max() - values.Min()) * 0.05;
        var (low, high) = (values.Min() - pad, values.Max() + pad);
        var start = ReportAt.AddDays(-1);
        return (
            at => Math.Round(64 + ((at - start).TotalMilliseconds / (ReportAt - start).TotalMilliseconds * 568), 1, MidpointRounding.AwayFromZero),
            value => Math.Round(8 + ((high - value) / (high - low) * 140), 1, MidpointRounding.AwayFromZero));
    }

    private static string Amount(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "#,##0" : "#,##0.####", CultureInfo.InvariantCulture);

    /// <summary>A one-subpath path's points in chart units: "M" absolute, then relative pairs, all in tenths.</summary>
    private static List<(double X, double Y)> Absolute(string path)
    {
        Assert.AreEqual(1, path.Count(c => c == 'M'), path);
        var points = new List<(double X, double Y)>();
        foreach (var (x, y) in Points(path))
        {
            points.Add(points.Count == 0 ? (x, y) : (points[^1].X + x, points[^1].Y + y));
        }

        return [.. points.Select(p => (p.X / 10, p.Y / 10))];
    }

    private static List<(double X, double Y)> Points(string path) =>
        [.. Coordinate().Matches(path).Select(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex("<path class='band' d='([^']*)'")]
    private static partial Regex BandData();

    [GeneratedRegex("<path class='series' d='([^']*)'")]
    private static partial Regex SeriesData();

    [GeneratedRegex(@"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")]
    private static partial Regex Coordinate();

    [GeneratedRegex(@"<td>[0-9,.]+–[0-9,.]+, learned</td>")]
    private static partial Regex LearnedCell();
}
