namespace CustomerData.Monitors.Cli;

/// <summary>What a command talks to: its output streams, the clock and the environment, so tests can run it in-process.</summary>
/// <param name="Terminal">What standard output and error are; null for redirected output (pipes, files, tests).</param>
internal sealed record CliConsole(
    TextWriter Out, TextWriter Error, TimeProvider Time, Func<string, string?> Environment, TerminalInfo? Terminal = null)
{
    /// <summary>Progress goes to standard error, so --format json output stays clean.</summary>
    public IProgress<string> Progress { get; } = new SynchronousProgress(Error);

    /// <summary>Colour only on a terminal, and never with NO_COLOR set (no-color.org) or TERM=dumb.</summary>
    public bool Colour => Terminal is { OutputIsTerminal: true }
        && string.IsNullOrEmpty(Environment("NO_COLOR")) && Environment("TERM") != "dumb";

    /// <summary>The width tables fit: the terminal's, else COLUMNS when set, else none (whole lines for pipes).</summary>
    public int? Width => Terminal is { OutputIsTerminal: true, Width: > 0 } terminal ? terminal.Width
        : int.TryParse(Environment("COLUMNS"), out var columns) && columns > 0 ? columns : null;

    /// <summary>The command line as people should type it here: CUSTOMERDATA_COMMAND, default cdm.</summary>
    public string Program => Checks.Definitions.CommandHint.For("checks.json", Environment).Program;

    private sealed class SynchronousProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine(value);
    }
}

/// <summary>Whether standard output and error are terminals, and how wide the terminal is.</summary>
internal sealed record TerminalInfo(bool OutputIsTerminal, bool ErrorIsTerminal, int Width)
{
    public static TerminalInfo FromConsole()
    {
        var output = !Console.IsOutputRedirected;
        var width = 0;
        if (output)
        {
            try
            {
                width = Console.WindowWidth;
            }
            catch (IOException)
            {
                width = 0;
            }
        }

        return new TerminalInfo(output, !Console.IsErrorRedirected, width);
    }
}
