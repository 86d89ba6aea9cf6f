using System.Diagnostics;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.DynamoDb;
using CustomerData.Checks.Sql;

namespace CustomerData.Tests.DynamoDb;

/// <summary>
/// Issue 10 item 5: the AWS CLI commands plan prints are inert whatever the names hold. The printed text is run by a
/// real /bin/sh with a stand-in "aws" that records its arguments: no injected command runs, and aws gets the exact names.
/// </summary>
[TestClass]
public sealed class PlanQuotingTests
{
    [TestMethod]
    [OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task HostileIndexTableAndColumnNames_PrintedCommandsRunNothingElse_AndPassTheNamesVerbatim()
    {
        var directory = Path.Combine(Path.GetTempPath(), "customerdata-quoting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string Marker(int i) => Path.Combine(directory, $"pwned{i}");
            var index = $"by_time'\ntouch {Marker(1)}\n# $(touch {Marker(2)}) `touch {Marker(3)}`";
            var table = $"profiles$(touch {Marker(4)})";
            var column = $"updated_at\ntouch {Marker(5)}";
            var window = new TimeWindow(column, new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
            var measurement = new TableMeasurement("dyn", table,
            [
                new Measure(MeasureFunction.NewestEpochMicros, RowScope.All, column) { Options = new DynamoDbOptions(TimeFormat.Iso8601, new IndexLookup(index, ["eu'\nid"]), null) },
                new Measure(MeasureFunction.RowCount, new RowScope(Window: window)) { Options = new DynamoDbOptions(TimeFormat.Iso8601, null, null) },
            ]);
            var definition = new DynamoDbSourceDefinition { Region = "eu-west-1\ntouch " + Marker(6), MaxReadUnitsPerSecond = 50 };
            await using var source = new DynamoDbSourceKind().Create(definition, new SourceEnvironment(".", TimeProvider.System));

            var script = string.Join("\n", source.Describe(measurement)) + "\n";

            var arguments = await RunAsync(directory, script);
            for (var i = 1; i <= 6; i++)
            {
                Assert.IsFalse(File.Exists(Marker(i)), $"injected command {i} ran:\n{script}");
            }

            Assert.HasCount(3, arguments, "describe-table, the index query and the scan, nothing else");
            CollectionAssert.AreEqual(new[] { "dynamodb", "describe-table", "--table-name", table, "--region", definition.Region }, arguments[0]);
            Assert.AreEqual(index, arguments[1][arguments[1].IndexOf("--index-name") + 1]);
            Assert.AreEqual(table, arguments[2][arguments[2].IndexOf("--table-name") + 1]);
            StringAssert.Contains(arguments[2][arguments[2].IndexOf("--expression-attribute-names") + 1], "updated_at\\ntouch");
            StringAssert.Contains(script, "\n# newest 'updated_at\\u000Atouch ");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    // Runs the script with /bin/sh, "aws" being a script that appends its arguments (NUL-separated) to a file.
    private static async Task<List<List<string>>> RunAsync(string directory, string script)
    {
        var bin = Path.Combine(directory, "bin");
        Directory.CreateDirectory(bin);
        var log = Path.Combine(directory, "aws.log");
        var aws = Path.Combine(bin, "aws");
        await File.WriteAllTextAsync(aws, $"#!/bin/sh\nprintf '%s\\0' \"$@\" >> '{log}'\nprintf '\\n' >> '{log}'\n");
        File.SetUnixFileMode(aws, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(directory, "plan.sh");
        await File.WriteAllTextAsync(path, script);
        var start = new ProcessStartInfo("/bin/sh", [path]) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = directory };
        start.Environment["PATH"] = bin + ":/usr/bin:/bin";
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode, error);
        var text = File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty;
        return [.. text.Split("\0\n", StringSplitOptions.RemoveEmptyEntries).Select(call => call.Split('\0').ToList())];
    }
}
