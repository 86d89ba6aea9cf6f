namespace CustomerData.Tests.TestSupport;

/// <summary>Finds the repository root (where CustomerData.sln is) from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CustomerData.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CustomerData.sln not found above " + AppContext.BaseDirectory);
    }
}
