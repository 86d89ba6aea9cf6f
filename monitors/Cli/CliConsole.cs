namespace CustomerData.Monitors.Cli;

/// <summary>What a command talks to: its output streams, the clock and the environment, so tests can run it in-process.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TimeProvider Time, Func<string, string?> Environment)
{
    /// <summary>Progress goes to standard error, so --format json output stays clean.</summary>
    public IProgress<string> Progress { get; } = new SynchronousProgress(Error);

    private sealed class SynchronousProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine(value);
    }
}
