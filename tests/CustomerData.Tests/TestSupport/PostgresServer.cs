using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CustomerData.Tests.TestSupport;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run, from the machine's packages: a temporary directory, a free
/// loopback port, run as the postgres user when the tests run as root (PostgreSQL refuses root). Each test class or
/// test takes its own database; the server stops and its directory goes when the test process exits.
/// </summary>
internal sealed class PostgresServer
{
    /// <summary>Set to 1 (as CI does) to turn a missing or broken PostgreSQL into a failure instead of a skip.</summary>
    public const string RequireServicesVariable = "CUSTOMERDATA_REQUIRE_SERVICES";

    private const string DirectoryPrefix = "customerdata-pg-";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<Task<(PostgresServer? Server, string? Problem)>> Shared = new(() => Task.Run(StartAsync));
    private static readonly SemaphoreSlim PasswordRules = new(1, 1);
    private static int _databases;

    private readonly PostgresBinaries _binaries;
    private readonly string _directory;
    private readonly bool _asServiceUser;
    private readonly NpgsqlDataSource _admin;

    private PostgresServer(PostgresBinaries binaries, string directory, bool asServiceUser, int port, TimeSpan startTime)
    {
        _binaries = binaries;
        _directory = directory;
        _asServiceUser = asServiceUser;
        Port = port;
        StartTime = startTime;
        _admin = NpgsqlDataSource.Create(ConnectionString("postgres"));
    }

    public int Port { get; }

    /// <summary>From initdb to the first accepted connection.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>The PostgreSQL programs in use, such as /usr/lib/postgresql/15/bin/initdb.</summary>
    public string InitDb => _binaries.InitDb;

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>The run's server, started on first use; skips the calling test (fails it under CUSTOMERDATA_REQUIRE_SERVICES=1) when there is none.</summary>
    public static async Task<PostgresServer> GetAsync()
    {
        var (server, problem) = await Shared.Value;
        if (server is not null)
        {
            return server;
        }

        RequiredService.Missing(problem ?? "PostgreSQL did not start.");
        return null!;
    }

    /// <summary>A fresh, empty database on the run's server, named after <paramref name="hint"/> (such as the test class).</summary>
    public static async Task<PostgresDatabase> CreateDatabaseAsync(string hint = "test")
    {
        var server = await GetAsync();
        var safe = new string([.. hint.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        var name = $"t{Interlocked.Increment(ref _databases)}_{safe}";
        name = name[..Math.Min(name.Length, 63)];
        await using (var create = server._admin.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(name, server.ConnectionString(name));
    }

    /// <summary>Trust authentication on loopback: a throwaway server has no password to keep.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = ServiceUser, Database = database, Timeout = 10 }.ToString();

    /// <summary>
    /// A login role that must give its password (scram-sha-256 on loopback, unlike the trusted service user), owning
    /// <paramref name="database"/>: for tests of a wrong password. Returns its connection string with the right password.
    /// </summary>
    public async Task<string> PasswordRoleAsync(string database, string role, string password)
    {
        await using (var create = _admin.CreateCommand($"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'; ALTER DATABASE \"{database}\" OWNER TO \"{role}\""))
        {
            await create.ExecuteNonQueryAsync();
        }

        // pg_hba.conf takes the first matching line: this one goes on top, then the server reloads it.
        await PasswordRules.WaitAsync();
        try
        {
            var hba = Path.Combine(DataDirectory, "pg_hba.conf");
            await File.WriteAllTextAsync(hba, $"host all \"{role}\" 127.0.0.1/32 scram-sha-256\n" + await File.ReadAllTextAsync(hba));
            await using var reload = _admin.CreateCommand("SELECT pg_reload_conf()");
            await reload.ExecuteScalarAsync();
        }
        finally
        {
            PasswordRules.Release();
        }

        var right = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = role, Password = password, Database = database, Timeout = 10 }.ToString();
        var wrong = new NpgsqlConnectionStringBuilder(right) { Password = password + "-wrong", Pooling = false }.ToString();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var probe = new NpgsqlConnection(wrong);
                await probe.OpenAsync();
            }
            catch (PostgresException refused) when (refused.SqlState == "28P01")
            {
                return right;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"PostgreSQL still lets {role} in without its password after reloading pg_hba.conf");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<(PostgresServer?, string?)> StartAsync()
    {
        var binaries = PostgresBinaries.Find();
        if (binaries is null)
        {
            return (null, "PostgreSQL is not installed: no initdb and pg_ctl under /usr/lib/postgresql/*/bin or on PATH (tests/install-services.sh installs Debian's postgresql package).");
        }

        var asServiceUser = Environment.UserName == "root";
        if (asServiceUser && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser"))
        {
            return (null, "PostgreSQL cannot start: the tests run as root, PostgreSQL refuses root, and runuser is missing to start it as the postgres user.");
        }

        await RemoveAbandonedRunsAsync(binaries, asServiceUser);
        var directory = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        try
        {
            var problem = await InitializeAsync(binaries, directory, asServiceUser);
            for (var attempt = 1; problem is null; attempt++)
            {
                // A port found free can be taken before the server binds it; another try with another port settles it.
                var port = FreePort();
                var (code, output) = await RunAsync(binaries.PgCtl, asServiceUser, directory, "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-t", "30", "-o", $"-p {port}", "start");
                if (code == 0 && await AcceptsConnectionsAsync(port))
                {
                    var server = new PostgresServer(binaries, directory, asServiceUser, port, clock.Elapsed);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                    return (server, null);
                }

                var log = File.Exists(Path.Combine(directory, "server.log")) ? File.ReadAllText(Path.Combine(directory, "server.log")) : string.Empty;
                if (attempt == 3 || !log.Contains("could not bind", StringComparison.Ordinal))
                {
                    problem = $"PostgreSQL ({binaries.PgCtl}) did not start: {output}\n{Tail(log, 10)}";
                }
            }

            await StopAsync(binaries, asServiceUser, directory);
            DeleteDirectory(directory);
            return (null, problem);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or NpgsqlException)
        {
            DeleteDirectory(directory);
            return (null, $"PostgreSQL ({binaries.InitDb}) could not be set up in {directory}: {error.Message}");
        }
    }

    /// <summary>Makes the cluster in a directory the service user owns, configured for loopback only and for speed over durability.</summary>
    private static async Task<string?> InitializeAsync(PostgresBinaries binaries, string directory, bool asServiceUser)
    {
        DeleteDirectory(directory);
        Directory.CreateDirectory(Path.Combine(directory, "run"));
        if (asServiceUser)
        {
            var (chownCode, chownOutput) = await ProcessRunner.RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", directory], directory, CommandTimeout);
            if (chownCode != 0)
            {
                return $"PostgreSQL cannot start: no {ServiceUser} user to run it as ({chownOutput}).";
            }
        }

        var data = Path.Combine(directory, "data");
        var (code, output) = await RunAsync(binaries.InitDb, asServiceUser, directory, "-D", data, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        if (code != 0)
        {
            return $"PostgreSQL's initdb ({binaries.InitDb}) failed: {Tail(output, 3)}";
        }

        // Appended to postgresql.conf rather than passed through pg_ctl -o, which goes through a shell.
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{Path.Combine(directory, "run")}'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 200

            """);
        return null;
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        var connectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = ServiceUser, Database = "postgres", Pooling = false, Timeout = 2 }.ToString();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return true;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100);
            }
            catch (NpgsqlException)
            {
                return false;
            }
        }
    }

    /// <summary>A run whose test process was killed leaves its server running; the next run stops it and deletes its directory.</summary>
    private static async Task RemoveAbandonedRunsAsync(PostgresBinaries binaries, bool asServiceUser)
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(directory)[DirectoryPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
            {
                continue;
            }

            await StopAsync(binaries, asServiceUser, directory);
            DeleteDirectory(directory);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void Stop()
    {
        try
        {
            _admin.Dispose();
            NpgsqlConnection.ClearAllPools();
            StopAsync(_binaries, _asServiceUser, _directory).GetAwaiter().GetResult();
        }
        finally
        {
            DeleteDirectory(_directory);
        }
    }

    private static async Task StopAsync(PostgresBinaries binaries, bool asServiceUser, string directory)
    {
        if (File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
        {
            // Immediate: the data is thrown away next, so there is nothing to flush.
            await RunAsync(binaries.PgCtl, asServiceUser, directory, "-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop");
        }
    }

    private static Task<(int, string)> RunAsync(string program, bool asServiceUser, string directory, params string[] arguments) =>
        asServiceUser
            ? ProcessRunner.RunAsync("runuser", ["-u", ServiceUser, "--", program, .. arguments], directory, CommandTimeout)
            : ProcessRunner.RunAsync(program, arguments, directory, CommandTimeout);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string text, int lines) => string.Join("\n", text.Trim().Split('\n').TakeLast(lines));

    private static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort at exit: a leftover directory is removed by the next run.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: the next run's clean-up retries.
        }
    }
}
