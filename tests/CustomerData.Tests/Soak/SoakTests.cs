namespace CustomerData.Tests.Soak;

/// <summary>
/// The soak harness, CI version: serve as a real process under a misbehaving Slack webhook, broken and fixed
/// checks.json edits, SIGTERM and SIGKILL restarts; then every message the recorded results call for must have been
/// shown once (or more only after an ambiguous delivery), and every schedule slot recorded once.
/// CUSTOMERDATA_SOAK_SECONDS=1800 runs the long version (RELIABILITY.md).
/// </summary>
[TestClass]
public sealed class SoakTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("Soak")]
    public async Task Serve_UnderSlackFaultsEditsAndRestarts_LosesNoAlert_DoublesNoneWithoutCause_RecordsEverySlotOnce()
    {
        var settings = SoakSettings.FromEnvironment();
        using var progress = new StringWriter();
        TestContext.WriteLine($"soak seed {settings.Seed}, chaos {settings.Chaos.TotalSeconds:0} s");

        // The harness itself hung once (the test host idle, one serve running, no restart for minutes): bound it, so a
        // hang ends as a failure that shows the timeline instead of running into CI's time limit.
        var limit = settings.Chaos + TimeSpan.FromMinutes(5);
        var soak = new SoakRun(settings, TimeProvider.System);
        var running = soak.RunAsync(progress);
        if (await Task.WhenAny(running, Task.Delay(limit, TestContext.CancellationToken)) != running)
        {
            Assert.Fail($"the soak harness did not finish within {limit.TotalMinutes:0} minutes; timeline so far:\n{progress}\n"
                + $"serve processes:\n{soak.DescribeRunning()}");
        }

        var observations = await running;
        var report = SoakReport.From(observations);
        var text = report.Render();
        Directory.CreateDirectory(Path.GetDirectoryName(settings.ReportPath)!);
        await File.WriteAllTextAsync(settings.ReportPath, text + "\nTimeline:\n" + progress);
        TestContext.WriteLine(text);
        TestContext.WriteLine($"report written to {settings.ReportPath}");

        Assert.IsGreaterThan(0, observations.History.Count, "the soak recorded no result at all:\n" + progress);
        Assert.AreEqual(0, report.Lost, "lost messages\n" + text);
        Assert.AreEqual(0, report.DuplicatedOtherwise, "messages duplicated without an ambiguous delivery\n" + text);
        Assert.AreEqual(0, report.SlotsOtherThanOnce, "schedule slots recorded other than once\n" + text);
        Directory.Delete(observations.Directory, recursive: true);
    }
}
