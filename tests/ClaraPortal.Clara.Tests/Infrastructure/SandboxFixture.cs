using ClaraPortal.Clara;
using ClaraPortal.Sandbox;

namespace ClaraPortal.Clara.Tests.Infrastructure;

/// <summary>
/// One real sandbox per test class: Kestrel on a free loopback port, its own certificate folder, real TLS and
/// real tokens. Subclasses change its options, its clock or its certificate folder.
/// </summary>
public class SandboxFixture : IAsyncLifetime
{
    private SandboxServer? _server;
    private ClaraClient? _client;

    public SandboxServer Server => _server ?? throw new InvalidOperationException("The sandbox has not started.");

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "clara-client-tests", Guid.NewGuid().ToString("N"));

    /// <summary>A client shared by the tests of the class that neither change faults nor count tokens.</summary>
    public ClaraClient Client => _client ??= CreateClient(SharedLogs);

    public LogCapture SharedLogs { get; } = new();

    protected virtual TimeProvider? SandboxTime => null;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        PrepareDataDirectory(DataDirectory);
        var options = new SandboxOptions
        {
            Url = "https://127.0.0.1:0",
            DataDirectory = DataDirectory,
            SupplierCount = 300,
        };
        ConfigureSandbox(options);
        _server = await SandboxServer.StartAsync(options, SandboxTime);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>Client options for this sandbox: its certificates, its CA, small retry delays.</summary>
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
        };
        configure?.Invoke(options);
        return options;
    }

    public ClaraClient CreateClient(LogCapture? logs = null, Action<ClaraClientOptions>? configure = null, TimeProvider? time = null) =>
        new(ClientOptions(configure), (logs ?? new LogCapture()).CreateLogger(), time);

    public RawClaraHttp Raw(bool withClientCertificate = true) =>
        new(Server, withClientCertificate ? Server.Certificates.LoadClientCertificate() : null);

    protected virtual void ConfigureSandbox(SandboxOptions options)
    {
    }

    protected virtual void PrepareDataDirectory(string directory)
    {
    }
}
