using System.CommandLine;
using CustomerData.Checks;
using CustomerData.Monitors.Cli;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Cost;

/// <summary>Runs the real plan command in-process with a catalog of the tests' choosing (dummy AWS credentials, fast BigQuery retries).</summary>
internal static class PlanCli
{
    public static async Task<CliOutcome> RunAsync(Catalog catalog, TimeProvider time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, time, _ => null);
        var root = new RootCommand { Options = { CommonOptions.Config, CommonOptions.DataDirectory } };
        root.Subcommands.Add(PlanCommand.Create(console, catalog));
        var parse = root.Parse(["plan", .. args]);
        Assert.IsEmpty(parse.Errors, string.Join("; ", parse.Errors.Select(e => e.Message)));
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    /// <summary>A row of the monthly table: the first four columns padded to the widths given, two spaces apart.</summary>
    public static string Row(int[] widths, params string[] cells) =>
        string.Join("  ", cells.Select((cell, i) => i < widths.Length ? cell.PadRight(widths[i]) : cell)).TrimEnd();

    /// <summary>Money as plan --monthly writes it: dollars, two to four decimals.</summary>
    public static string Money(double usd) => "$" + usd.ToString("#,0.00##", System.Globalization.CultureInfo.InvariantCulture);
}
