using System.Diagnostics;
using System.Globalization;

namespace CustomerData.Tests.Soak;

/// <summary>
/// The harness's view of a process from /proc, which lets it see an exit .NET did not report: a zombie's state and
/// exit status (exited with a code, or killed by a signal), and a live process.
/// </summary>
[TestClass]
public sealed class ProcStatTests
{
    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task AZombie_IsSeenWithItsExitCode_AndOneKilledBySignal_As128PlusTheSignal()
    {
        // sh starts two children and becomes `sleep`, which never reaps them: once they end after that, they stay
        // zombies while it runs (before it, the shell itself would reap them).
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "(sleep 1; exit 7) & echo $!; sleep 30 & echo $!; exec sleep 30"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            var exited = int.Parse((await parent.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
            var sleeping = int.Parse((await parent.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
            Assert.AreNotEqual('Z', ProcStat.Read(sleeping)!.Value.State, "a running process is no zombie");
            for (var i = 0; i < 100 && File.ReadAllText($"/proc/{parent.Id}/comm").Trim() != "sleep"; i++)
            {
                await Task.Delay(20);
            }

            Assert.IsTrue(ProcStat.Signal(sleeping, ProcStat.SigTerm));

            var zombie = await UntilZombieAsync(exited);
            var killed = await UntilZombieAsync(sleeping);

            Assert.AreEqual(7, zombie.ExitCode);
            Assert.AreEqual(128 + ProcStat.SigTerm, killed.ExitCode);
            Assert.IsNull(ProcStat.Read(int.MaxValue), "no process has that pid");
        }
        finally
        {
            parent.Kill();
            await parent.WaitForExitAsync();
        }
    }

    private static async Task<ProcStat.Snapshot> UntilZombieAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            if (ProcStat.Read(pid) is { State: 'Z' } zombie)
            {
                return zombie;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"pid {pid} never became a zombie: {ProcStat.Describe(pid)}");
        return default;
    }
}
