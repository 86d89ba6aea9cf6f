using System.Globalization;

namespace CustomerData.Tests.Soak;

/// <summary>
/// How long and how hard the soak runs, from the environment: CUSTOMERDATA_SOAK_SECONDS (the chaos phase; default
/// the CI version), CUSTOMERDATA_SOAK_SEED (default random, always printed) and CUSTOMERDATA_SOAK_REPORT (the report
/// file; default beside the test binaries).
/// </summary>
internal sealed record SoakSettings(int Seed, TimeSpan Chaos, TimeSpan FinalLimit, string ReportPath)
{
    /// <summary>The CI version's chaos phase: with start-up and the final delivery the test stays under 90 s.</summary>
    public const int CiSeconds = 50;

    /// <summary>Restarts happen every RestartEvery (random within), edits every EditEvery.</summary>
    public (double Min, double Max) RestartEvery { get; init; } = (6, 14);

    public (double Min, double Max) EditEvery { get; init; } = (2, 6);

    /// <summary>How long a SIGTERMed serve may take to exit before the harness sends SIGKILL (shutdown_grace is 5 s).</summary>
    public TimeSpan StopLimit { get; init; } = TimeSpan.FromSeconds(25);

    public static SoakSettings FromEnvironment()
    {
        var seconds = Number("CUSTOMERDATA_SOAK_SECONDS") ?? CiSeconds;
        var seed = Number("CUSTOMERDATA_SOAK_SEED") ?? Random.Shared.Next(1, 1_000_000);
        var report = Environment.GetEnvironmentVariable("CUSTOMERDATA_SOAK_REPORT") is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(AppContext.BaseDirectory, "soak", $"soak-report-{seed}.md");

        // Backoff doubles to 5 minutes, so a long soak may leave a message waiting that long before the final delivery.
        var final = TimeSpan.FromSeconds(seconds > CiSeconds ? 400 : 30);
        return new SoakSettings(seed, TimeSpan.FromSeconds(seconds), final, report);
    }

    private static int? Number(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
