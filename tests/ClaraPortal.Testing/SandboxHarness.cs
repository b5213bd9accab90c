using ClaraPortal.Clara;
using ClaraPortal.Sandbox;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Testing;

/// <summary>
/// One real Clara sandbox for a test class, a test or a benchmark: Kestrel on a free loopback port (bound as port 0 and
/// read back), real mutual TLS and real tokens, its own temporary data directory (certificates and, if asked, the
/// SQLite state), deleted on dispose. Hands out <see cref="ClaraClientOptions"/> and clients wired to it.
/// </summary>
public sealed class SandboxHarness : IAsyncDisposable
{
    /// <summary>Per-attempt timeout of harness clients: generous, because a busy 2-core machine can take seconds for an mTLS handshake.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(20);

    private readonly bool _ownsDirectory;
    private SandboxServer? _server;

    private SandboxHarness(string dataDirectory, bool ownsDirectory, SandboxOptions options, TimeProvider? time)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Options = options;
        Time = time;
    }

    /// <summary>The running sandbox.</summary>
    public SandboxServer Server => _server ?? throw new InvalidOperationException("The sandbox is stopped.");

    /// <summary>The live fault settings of <see cref="Server"/>.</summary>
    public SandboxFaultOptions Faults => Server.Faults;

    /// <summary>Certificates (and the state file, when persistent) live here.</summary>
    public string DataDirectory { get; }

    /// <summary>The options the sandbox runs with (also used by <see cref="RestartAsync"/>).</summary>
    public SandboxOptions Options { get; }

    /// <summary>The sandbox's clock, or null for the system clock.</summary>
    public TimeProvider? Time { get; }

    /// <summary>
    /// Starts a sandbox on https://127.0.0.1:0 with 300 suppliers (enough for every rule, quick to seed).
    /// </summary>
    /// <param name="configure">Changes the sandbox options before the start (faults, token lifetime, ...).</param>
    /// <param name="time">The sandbox's clock; tests pass a FakeTimeProvider to move it.</param>
    /// <param name="persistent">Keep the state in SQLite ("state.db" in the data directory), so <see cref="RestartAsync"/> finds it again.</param>
    /// <param name="prepareDataDirectory">Writes files (e.g. the test's own PKI) into the data directory before the start.</param>
    /// <param name="dataDirectory">An existing directory to use and keep; by default a new temporary one, deleted on dispose.</param>
    public static async Task<SandboxHarness> StartAsync(Action<SandboxOptions>? configure = null, TimeProvider? time = null,
        bool persistent = false, Action<string>? prepareDataDirectory = null, string? dataDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var ownsDirectory = dataDirectory is null;
        var directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "clara-sandbox-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var options = new SandboxOptions
        {
            Url = "https://127.0.0.1:0",
            DataDirectory = directory,
            SupplierCount = 300,
            PersistencePath = persistent ? "state.db" : null,
        };
        configure?.Invoke(options);
        var harness = new SandboxHarness(directory, ownsDirectory, options, time);
        try
        {
            prepareDataDirectory?.Invoke(directory);
            harness._server = await SandboxServer.StartAsync(options, time, cancellationToken);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the sandbox and starts it again on the same data directory and options (a new port): with persistence, the
    /// state must come back. Clients made before point at the old port; make new ones.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        Options.Url = "https://127.0.0.1:0";
        _server = await SandboxServer.StartAsync(Options, Time, cancellationToken);
    }

    /// <summary>Client options for this sandbox: its certificates, its CA, PathPrefix "/api", small retry delays, a generous timeout.</summary>
    public ClaraClientOptions ClientOptions(Action<ClaraClientOptions>? configure = null)
    {
        var options = new ClaraClientOptions
        {
            BaseUrl = Server.BaseAddress.ToString(),
            PathPrefix = "/api",
            ClientId = Server.ClientId,
            ClientSecret = Server.ClientSecret,
            ClientCertificatePath = Server.Certificates.ClientPfxPath,
            CaCertificatePath = Server.Certificates.CaCertificatePath,
            MaxRetries = 3,
            BaseDelay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            RequestTimeout = DefaultRequestTimeout,
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A typed client for this sandbox; dispose it.</summary>
    public ClaraClient CreateClient(Action<ClaraClientOptions>? configure = null, ILogger<ClaraClient>? logger = null, TimeProvider? time = null) =>
        new(ClientOptions(configure), logger, time);

    /// <summary>A plain HttpClient to this sandbox, with or without the client certificate, for what the typed client cannot send.</summary>
    public RawClaraHttp Raw(bool withClientCertificate = true) =>
        new(Server, withClientCertificate ? Server.Certificates.LoadClientCertificate() : null);

    /// <summary>Stops the sandbox and deletes the temporary data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        if (_ownsDirectory && Directory.Exists(DataDirectory))
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a straggling connection; the OS temp cleaner gets it. Never fail a test on this.
            }
        }
    }
}
