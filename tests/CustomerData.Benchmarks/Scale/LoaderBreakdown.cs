using System.Diagnostics;
using System.Text.Json;
using CustomerData.Benchmarks.Report;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Benchmarks.Scale;

/// <summary>
/// Where ConfigLoader's time and allocations go: its phases timed one by one on the same file (warm, median of a few),
/// through the loader's internal pieces, in the order ConfigLoader runs them.
/// </summary>
internal static class LoaderBreakdown
{
    private const int Repetitions = 3;

    /// <summary>The phase a file with a problem adds, and a valid file no longer pays.</summary>
    public const string MapPhase = "only when a problem is reported: map every path to its line and column (JsonPreprocessor's full pass)";

    public static IReadOnlyList<(string Phase, double Milliseconds, long Allocated)> Measure(string file, MonitorConfig config)
    {
        var options = ConfigJson.CreateOptions(Catalog.Default);
        var utf8 = File.ReadAllBytes(file);
        var document = JsonPreprocessor.Process(utf8, _ => null);
        using var parsed = JsonDocument.Parse(document.Json);
        var root = parsed.RootElement;
        var elements = root.GetProperty("checks").EnumerateArray().ToList();
        var checks = elements.Select((e, i) => (Raw: e, Check: (CheckDefinition?)e.Deserialize<CheckDefinition>(options), Path: $"$.checks[{i}]")).ToList();

        return
        [
            Phase("read the file, check it is plain JSON, expand ${ENV} (JsonPreprocessor)", Time(() => JsonPreprocessor.Process(utf8, _ => null))),
            Phase("parse the expanded document (JsonDocument)", Time(() => JsonDocument.Parse(document.Json).Dispose())),
            Phase("check fields, types and required fields against the model (StructuralValidator)", Time(() => new StructuralValidator(options, []).Validate(root, typeof(MonitorConfig), JsonPath.Root))),
            Phase("bind each check to its record (JsonSerializer.Deserialize per check)", Time(() => elements.ForEach(e => e.Deserialize<CheckDefinition>(options)))),
            Phase("names, sources, identifiers, thresholds, windows (SemanticValidator)", Time(() => new SemanticValidator(Catalog.Default, []).ValidateChecks(checks, [.. config.Sources.Keys], config.Sources, config.Defaults, document.Positions))),
            Phase(MapPhase, Time(() => _ = JsonPreprocessor.Process(utf8, _ => null).Positions.Count)),
        ];
    }

    private static (string Phase, double Milliseconds, long Allocated) Phase(string name, (double Milliseconds, long Allocated) measured) =>
        (name, measured.Milliseconds, measured.Allocated);

    /// <summary>The phase's median time, and the bytes one execution of it allocates.</summary>
    private static (double Milliseconds, long Allocated) Time(Action phase)
    {
        var times = new List<double>();
        long allocated = 0;
        for (var i = 0; i < Repetitions; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            phase();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        return (Stats.Median(times), allocated);
    }
}
