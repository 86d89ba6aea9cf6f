using System.Globalization;
using System.Text;

namespace CustomerData.Benchmarks.Report;

/// <summary>Writes BENCHMARKS.md: the machine, the date, the command, a summary, then each item's table and notes.</summary>
internal static class ReportWriter
{
    public static string Write(BenchmarkRun run)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine("Written by the benchmark project in `tests/CustomerData.Benchmarks`; do not edit by hand, run it again:").AppendLine();
        text.AppendLine("```sh").AppendLine(run.Command).AppendLine("```").AppendLine();
        text.AppendLine("`-- --items 1,3` runs those items only and replaces their rows of the summary and their sections in this file, leaving");
        text.AppendLine("the others as they were (each such section says when it was run alone); `-- --out FILE` writes elsewhere.").AppendLine();
        text.AppendLine("Each item measures this project and its baseline side by side in the same run, on this machine. The machine is shared");
        text.AppendLine("with other work (its load average is below), so treat small differences as noise and compare ratios rather than absolutes.").AppendLine();

        text.AppendLine("## Machine").AppendLine();
        text.AppendLine("| | |").AppendLine("| --- | --- |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| date (UTC) | {run.Started:yyyy-MM-dd HH:mm:ss} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {run.Machine.Cpu}, {run.Machine.Cores} logical cores |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| memory | {run.Machine.Memory} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| OS | {run.Machine.Os} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {run.Machine.Runtime} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| DuckDB | {run.Machine.DuckDb} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| load average (1, 5, 15 min) | {run.LoadAtStart} at start; {run.LoadAtEnd} at the end |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| whole run | {Stats.Seconds(run.Elapsed.TotalMilliseconds)} |").AppendLine();

        text.AppendLine("## Summary").AppendLine();
        text.AppendLine("| # | measure | this project | baseline | target | met |").AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var item in run.Items)
        {
            foreach (var row in item.Rows.Where(r => r.Met is not null))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {item.Number} | {Cell(row.Metric)} | {Cell(row.Project)} | {Cell(row.Baseline)} | {Cell(row.Target)} | {Verdict(row.Met)} |");
            }

            if (item.Rows.Count == 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {item.Number} | {Cell(item.Title)} | did not complete | | | **missed** |");
            }
        }

        text.AppendLine();
        foreach (var item in run.Items)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## {item.Number}. {item.Title}").AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"**How:** {item.Method}").AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"**Baseline:** {item.Baseline}").AppendLine();
            if (item.Rows.Count > 0)
            {
                text.AppendLine("| measure | this project | baseline | target | met |").AppendLine("| --- | --- | --- | --- | --- |");
                foreach (var row in item.Rows)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(row.Metric)} | {Cell(row.Project)} | {Cell(row.Baseline)} | {Cell(row.Target)} | {Verdict(row.Met)} |");
                }

                text.AppendLine();
            }

            foreach (var note in item.Notes)
            {
                text.AppendLine("- " + note);
            }

            if (item.Notes.Count > 0)
            {
                text.AppendLine();
            }

            if (item.Appendix is { } appendix)
            {
                text.AppendLine(appendix.TrimEnd()).AppendLine();
            }

            var alone = run.Alone
                ? $"; run alone (`--items {item.Number}`) on {run.Started:yyyy-MM-dd HH:mm} UTC, load average {run.LoadAtStart} at start, {run.LoadAtEnd} at the end"
                : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture, $"_Item time: {Stats.Seconds(item.Elapsed.TotalMilliseconds)}{alone}._").AppendLine();
        }

        text.AppendLine("## What these numbers do not cover").AppendLine();
        text.AppendLine("- Only DuckDB is measured: BigQuery and DynamoDB need the cloud (or the tests' emulators, whose timings say nothing about the services), and their cost is bytes billed and read units, which `plan --dry-run` and the results already report.");
        text.AppendLine("- `serve`'s memory after a run is read once, 1 s after the run of every check was recorded (`--run-at-start`), with no alert channel configured: a run that sends thousands of Slack messages holds their outbox too.");
        text.AppendLine("- Slack and the Datadog agent are loopback stand-ins; real Slack adds its network round trip and its rate limit (one message per second per webhook), which the alert-path target sets aside.");
        text.AppendLine("- Each item runs once per benchmark run on a shared 2-core machine; the 10,000-check run is a single measurement because it takes tens of seconds. Run the command again before trusting a difference of a few percent.");
        return text.ToString().TrimEnd() + "\n";
    }

    private static string Verdict(bool? met) => met switch
    {
        true => "met",
        false => "**missed**",
        null => "—",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
