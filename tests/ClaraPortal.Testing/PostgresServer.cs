using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ClaraPortal.Testing;

/// <summary>
/// A throwaway PostgreSQL server from Debian's <c>postgresql</c> package (no Docker here): <c>initdb</c> in a temp folder,
/// <c>pg_ctl</c> on a free loopback port, trust authentication, fsync off (nothing here must survive a crash), deleted on
/// dispose. One per test process is plenty: <see cref="Shared"/>; each test takes its own database with
/// <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string SuperUser = "postgres";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresServer? _shared;
    private static int _databases;

    private readonly string _binaries;

    private PostgresServer(string binaries, string directory, int port)
    {
        _binaries = binaries;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The server's own database: for creating and dropping others.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>True when Debian's server binaries are installed (<c>.ci/run</c> installs them).</summary>
    public static bool IsInstalled => FindBinaries() is not null;

    /// <summary>One server for the whole test process, started on first use and stopped when the process exits.</summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var server = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                _shared = server;
            }

            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries were not found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql (.ci/run does).");
        var directory = Path.Combine(Path.GetTempPath(), "clara-portal-pg", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var data = Path.Combine(directory, "data");
        GiveToServerUser(directory);

        await RunAsync(binaries, "initdb", ["-D", data, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            // Socket in our own folder: the package's /var/run/postgresql may not exist or may belong to another server.
            var settings = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB";
            try
            {
                await RunAsync(binaries, "pg_ctl", ["-D", data, "-o", settings, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"], cancellationToken);
                return new PostgresServer(binaries, directory, port);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The port was taken between the probe and the bind: try another.
            }
        }
    }

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Database={database};Include Error Detail=true";

    /// <summary>A new, empty database on this server; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "portal", CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>Runs one statement in the server's own database through <c>psql</c> (no client library needed here).</summary>
    public Task ExecuteAsync(string sql, CancellationToken cancellationToken = default) =>
        RunAsync(_binaries, "psql", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", SuperUser, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], cancellationToken, asServerUser: false);

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        try
        {
            RunAsync(_binaries, "pg_ctl", ["-D", Path.Combine(Directory, "data"), "-m", "immediate", "-w", "stop"], CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleanup takes it later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root))
        {
            return null;
        }

        return System.IO.Directory.GetDirectories(root)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>initdb and the server refuse to run as root: the folder goes to the package's <c>postgres</c> user.</summary>
    private static void GiveToServerUser(string directory)
    {
        if (RunningAsRoot)
        {
            RunAsync("/bin", "chown", [SuperUser, directory], CancellationToken.None, asServerUser: false).GetAwaiter().GetResult();
        }
    }

    private static async Task RunAsync(string binaries, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool asServerUser = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServerUser && RunningAsRoot)
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", SuperUser, "--", Path.Combine(binaries, program) })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = Path.Combine(binaries, program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGTZ"] = "UTC";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    /// <summary>A port below the OS's ephemeral range, which hands just-freed ports out again readily.</summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(33_000, 40_000);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free loopback port found for PostgreSQL.");
    }
}
