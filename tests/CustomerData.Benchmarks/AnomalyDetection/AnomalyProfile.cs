using System.Globalization;
using CustomerData.Checks.Anomaly;

namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>
/// <c>--profile anomaly [--seed N] [--series NAME]</c>: this project's detector on the benchmark series, printing every
/// false alarm and missed window with the band at its first bucket, to see why (not part of BENCHMARKS.md).
/// </summary>
internal static class AnomalyProfile
{
    public static void Run(TextWriter output, int seed, string? only)
    {
        var specs = BenchmarkSeries.All;
        var lines = new string[specs.Count];
        Parallel.For(0, specs.Count, i =>
        {
            if (only is not null && !specs[i].Name.Contains(only, StringComparison.Ordinal))
            {
                lines[i] = string.Empty;
                return;
            }

            var labelled = SeriesGenerator.Generate(specs[i], i, seed);
            var writer = new StringWriter(CultureInfo.InvariantCulture);
            var judged = labelled.Series.Between(labelled.JudgeFrom, labelled.JudgeTo).ToArray()
                .Select(b => (b.Start, Judgement: AnomalyDetector.Judge(labelled.Series, b.Start, b.Value, AnomalySettings.Default)))
                .ToList();
            var runs = AlarmRun.Of(judged.Select(j => (j.Start, j.Judgement.Verdict)));
            foreach (var run in runs.Where(r => !labelled.Windows.Any(w => r.First < w.End && r.Last >= w.Start)))
            {
                var first = judged.First(j => j.Start == run.First).Judgement;
                var holiday = labelled.Holidays.Any(h => run.First >= h.AddHours(-1) && run.First < h.AddDays(1)) ? " HOLIDAY" : string.Empty;
                var after = labelled.Windows.Where(w => w.End <= run.First).Select(w => $"{w.Kind} ended {(run.First - w.End).TotalHours:0}h before").LastOrDefault() ?? string.Empty;
                writer.WriteLine($"{specs[i].Name} FALSE {run.First:ddd MM-dd HH}h x{run.Buckets} {run.Worst}{holiday}: {Describe(first)} {after}");
            }

            foreach (var window in labelled.Windows.Where(w => !judged.Any(j => w.Contains(j.Start) && j.Judgement.Flagged)))
            {
                var first = judged.FirstOrDefault(j => window.Contains(j.Start)).Judgement;
                writer.WriteLine($"{specs[i].Name} MISSED {window.Kind} x{window.Factor:0.00} {window.Start:ddd MM-dd HH}h for {(window.End - window.Start).TotalHours:0}h: {(first is null ? "not judged" : Describe(first))}");
            }

            lines[i] = writer.ToString();
        });

        foreach (var line in lines)
        {
            output.Write(line);
        }
    }

    private static string Describe(AnomalyJudgement judgement) => judgement.Expectation.Band is { } band
        ? $"value {judgement.Value:0.#} expected {band.Expected:0.#} warn {band.Warning.Low:0.#}-{band.Warning.High:0.#} crit {band.Critical.Low:0.#}-{band.Critical.High:0.#} ({SeasonalSlots.Name(judgement.Expectation.Seasonality)}, {judgement.Expectation.ExcludedPoints} excluded)"
        : judgement.Expectation.Note ?? string.Empty;
}
