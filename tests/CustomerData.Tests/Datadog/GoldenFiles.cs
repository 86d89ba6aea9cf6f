using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Datadog;

/// <summary>
/// The committed expected exports under Datadog/Golden, compared byte for byte; with CUSTOMERDATA_UPDATE_GOLDEN=1
/// a comparison rewrites them from what was produced instead, for a reviewer to read in the diff.
/// </summary>
internal static class GoldenFiles
{
    public const string UpdateVariable = "CUSTOMERDATA_UPDATE_GOLDEN";

    private const string Regenerate =
        "If the change is intended, regenerate the golden files with\n"
        + "  " + UpdateVariable + "=1 dotnet test tests/CustomerData.Tests -- --filter \"FullyQualifiedName~Datadog\"\n"
        + "and review them with git diff tests/CustomerData.Tests/Datadog/Golden.";

    public static string Root { get; } = Path.Combine(Repository.Root, "tests", "CustomerData.Tests", "Datadog", "Golden");

    /// <summary>The fixed checks.json the golden exports come from.</summary>
    public static string Config { get; } = Path.Combine(Root, "checks.json");

    /// <summary>How the golden files write the config path the hints carry ("--config"): from the repository root.</summary>
    public const string ConfigAsWritten = "tests/CustomerData.Tests/Datadog/Golden/checks.json";

    /// <summary>The export with the machine's absolute path of <see cref="Config"/> written as from the repository root.</summary>
    public static string Portable(string text) => text.Replace(Config, ConfigAsWritten, StringComparison.Ordinal);

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Asserts that the directory holds exactly the golden files of the given folder, with the same bytes.</summary>
    public static void AssertDirectoryMatches(string actualDirectory, string folder)
    {
        var golden = Path.Combine(Root, folder);
        if (Updating)
        {
            if (Directory.Exists(golden))
            {
                Directory.Delete(golden, recursive: true);
            }

            Directory.CreateDirectory(golden);
            foreach (var file in Directory.GetFiles(actualDirectory))
            {
                File.WriteAllText(Path.Combine(golden, Path.GetFileName(file)), Portable(File.ReadAllText(file)));
            }

            return;
        }

        CollectionAssert.AreEqual(Names(golden), Names(actualDirectory), $"the exported files differ from those in {golden}.\n{Regenerate}");
        foreach (var name in Names(golden))
        {
            AssertSameBytes(Path.Combine(golden, name), System.Text.Encoding.UTF8.GetBytes(Portable(File.ReadAllText(Path.Combine(actualDirectory, name)))));
        }
    }

    /// <summary>Asserts that the text is, byte for byte, the golden file at the given path under Golden.</summary>
    public static void AssertFileMatches(string relativePath, string actual)
    {
        var golden = Path.Combine(Root, relativePath);
        if (!Updating)
        {
            AssertSameBytes(golden, System.Text.Encoding.UTF8.GetBytes(Portable(actual)));
        }
    }

    private static void AssertSameBytes(string goldenPath, byte[] actual)
    {
        var expected = File.ReadAllBytes(goldenPath);
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        var expectedLines = System.Text.Encoding.UTF8.GetString(expected).Split('\n');
        var actualLines = System.Text.Encoding.UTF8.GetString(actual).Split('\n');
        var line = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
            .First(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i]);
        Assert.Fail(
            $"{goldenPath} differs at line {line + 1}:\n"
            + $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "(end of file)")}\n"
            + $"  actual:   {(line < actualLines.Length ? actualLines[line] : "(end of file)")}\n"
            + Regenerate);
    }

    private static string[] Names(string directory) =>
        Directory.Exists(directory) ? [.. Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];
}
