using System.Diagnostics;
using System.Text;
using CustomerData.Checks;
using CustomerData.Checks.Loading;
using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

/// <summary>
/// --config may name what is not a regular file: a pipe (/dev/stdin, a shell's &lt;(...)) has no length, a device or
/// a /proc file reports 0. The file is read to its end (at most 64 MiB), never judged by its reported length.
/// </summary>
[TestClass]
public sealed class ConfigStreamTests
{
    [TestMethod]
    public async Task ConfigFromAPipe_IsReadAndRun()
    {
        var fifo = Path.Combine(DemoFixture.Directory, $"fifo-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(DemoFixture.Directory);
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
            Assert.AreEqual(0, mkfifo.ExitCode);
        }

        var json = """
            { "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT range AS id FROM range(7)"] } },
              "checks": [ { "name": "t_volume", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 10 } } ] }
            """;
        var writer = Task.Run(() => File.WriteAllBytes(fifo, Encoding.UTF8.GetBytes(json)));

        var outcome = await CliRunner.RunAsync("run", "--config", fifo, "--no-alerts", "--format", "json");
        await writer;

        Assert.AreEqual(1, outcome.ExitCode, outcome.Error);
        StringAssert.Contains(outcome.Out, "\"check\":\"t_volume\",\"status\":\"critical\",\"value\":7,");
    }

    [TestMethod]
    public void EndlessDevice_IsRefusedPastTheLimit_NotCalledEmpty()
    {
        var result = new ConfigLoader(Catalog.Default, _ => null).LoadFile("/dev/zero");

        Assert.AreEqual(
            "/dev/zero: the file holds more than the 64 MiB a checks file may have\n    hint: check that --config names the checks file",
            string.Join("\n", result.Errors));
    }

    [TestMethod]
    public void DeviceWithNothing_IsEmpty()
    {
        var result = new ConfigLoader(Catalog.Default, _ => null).LoadFile("/dev/null");

        Assert.AreEqual("/dev/null: the file is empty", result.Errors.Single().ToString().Split('\n')[0]);
    }
}
