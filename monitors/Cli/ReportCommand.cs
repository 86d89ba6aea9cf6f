using System.CommandLine;
using System.Text;
using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Composition;
using CustomerData.Monitors.Report;

namespace CustomerData.Monitors.Cli;

/// <summary>report: every check's status and recorded history as one self-contained HTML page.</summary>
internal static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var since = new Option<string>("--since") { Description = "The span the charts cover, such as 30d or 12h.", DefaultValueFactory = _ => "30d" };
        var selection = new CheckSelection();
        var command = new Command("report", """
            Writes one self-contained HTML page (inline style, script and SVG; it makes no request) with every enabled
            check: counts by status, the checks by owner and table with failing ones first, and per check its
            description, owner, runbook, last result, cost and a chart of its recorded values with thresholds (or
            the learned band of a check with "anomaly") and failures marked, drawn when the check is opened. Times
            are in defaults.timezone. Results come from the history that `run` and `serve` keep.
            Exit 0 when written, 2 on an invalid configuration or argument, 3 when the store cannot be read.

            Example:
              dotnet run --project monitors -- report --out report.html --since 30d
            """);
        command.Options.Add(output);
        command.Options.Add(since);
        selection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            if (loaded is null)
            {
                return ExitCodes.ConfigurationError;
            }

            if (!Duration.TryParse(parse.GetValue(since), out var span))
            {
                console.Error.WriteLine($"--since \"{parse.GetValue(since)}\" is not a duration such as 30d or 12h (at most {Duration.LongestText})");
                return ExitCodes.ConfigurationError;
            }

            if (selection.Select(parse, loaded.Config, console.Error) is not { } checks)
            {
                return ExitCodes.ConfigurationError;
            }

            if (OutputPath(parse.GetValue(output)) is not { } path)
            {
                console.Error.WriteLine($"--out \"{parse.GetValue(output)}\" is not a file name: name the HTML file to write, such as report.html");
                return ExitCodes.ConfigurationError;
            }

            // Said before the store is read, with the name to give instead (the rename would only fail at the end).
            if (Directory.Exists(path))
            {
                console.Error.WriteLine($"--out \"{parse.GetValue(output)}\" is a directory: name the HTML file to write, such as {Path.Combine(path, "report.html")}");
                return ExitCodes.ConfigurationError;
            }

            await using var stores = await Stores.OpenAsync(loaded, console.Environment, cancellationToken, console.Time).ConfigureAwait(false);
            var model = await stores.GuardAsync(() => ReportBuilder.BuildAsync(
                loaded.Config, checks, stores.History, console.Time.GetUtcNow(), span, cancellationToken)).ConfigureAwait(false);
            try
            {
                await WriteAsync(path, model, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"cannot write {path}: {error.Message}");
                return ExitCodes.ConfigurationError;
            }

            var failing = model.Checks.Count(c => c.Severity < 3);
            console.Error.WriteLine($"Wrote {path}: {model.Checks.Count} checks, {failing} failing, over the last {span}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    // Refused before the store is read: an empty name, or one the file system cannot hold (a NUL), is no file to write.
    private static string? OutputPath(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        return Path.GetFullPath(text);
    }

    /// <summary>Streams the page to a temporary sibling, then renames it, so a reader never sees half a report.</summary>
    public static async Task WriteAsync(string path, ReportModel model, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            await using (stream.ConfigureAwait(false))
            {
                var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
                await using (writer.ConfigureAwait(false))
                {
                    HtmlReportWriter.Write(writer, model);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
