using System.Globalization;

namespace CustomerData.Tests.TestSupport;

/// <summary>Where the machine's PostgreSQL server programs are: Debian's newest /usr/lib/postgresql/N/bin, else PATH.</summary>
internal sealed record PostgresBinaries(string InitDb, string PgCtl)
{
    private const string DebianRoot = "/usr/lib/postgresql";

    public static PostgresBinaries? Find()
    {
        // Debian keeps initdb and pg_ctl out of PATH (pg_wrapper covers clients only), one directory per major version.
        if (Directory.Exists(DebianRoot))
        {
            var newest = Directory.GetDirectories(DebianRoot)
                .Select(dir => (Dir: dir, Version: double.TryParse(Path.GetFileName(dir), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(x => x.Version >= 0 && File.Exists(Path.Combine(x.Dir, "bin", "initdb")) && File.Exists(Path.Combine(x.Dir, "bin", "pg_ctl")))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return new(Path.Combine(newest.Dir, "bin", "initdb"), Path.Combine(newest.Dir, "bin", "pg_ctl"));
            }
        }

        var initDb = OnPath("initdb");
        var pgCtl = initDb is null ? null : OnPath("pg_ctl");
        return initDb is null || pgCtl is null ? null : new(initDb, pgCtl);
    }

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
