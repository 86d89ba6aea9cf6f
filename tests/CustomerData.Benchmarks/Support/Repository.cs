namespace CustomerData.Benchmarks.Support;

/// <summary>Finds the repository root (where CustomerData.sln is), from the working directory or the program's folder.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>The monitor executable next to this program, or in monitors/bin, to run as a child process.</summary>
    public static string MonitorsDll { get; } = FindMonitors();

    private static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CustomerData.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("CustomerData.sln not found above " + Directory.GetCurrentDirectory());
    }

    private static string FindMonitors()
    {
        // `dotnet X.dll` needs X's runtimeconfig.json beside it (it names the ASP.NET Core framework).
        var candidates = new[]
        {
            AppContext.BaseDirectory,
            Path.Combine(Root, "monitors", "bin", "Release", "net10.0"),
            Path.Combine(Root, "monitors", "bin", "Debug", "net10.0"),
        };
        return candidates
            .Select(directory => Path.Combine(directory, "CustomerData.Monitors.dll"))
            .FirstOrDefault(dll => File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException("CustomerData.Monitors.dll with its runtimeconfig.json not found; build the solution first");
    }
}
