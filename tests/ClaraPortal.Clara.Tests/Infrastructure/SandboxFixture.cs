using ClaraPortal.Clara;
using ClaraPortal.Sandbox;

namespace ClaraPortal.Clara.Tests.Infrastructure;

/// <summary>
/// One real sandbox per test class, on the shared <see cref="SandboxHarness"/>: Kestrel on a free loopback port, its own
/// certificate folder, real TLS and real tokens. Subclasses change its options, its clock or its certificate folder.
/// </summary>
public class SandboxFixture : IAsyncLifetime
{
    private SandboxHarness? _harness;
    private ClaraClient? _client;

    /// <summary>The harness running the sandbox.</summary>
    public SandboxHarness Harness => _harness ?? throw new InvalidOperationException("The sandbox has not started.");

    public SandboxServer Server => Harness.Server;

    public string DataDirectory => Harness.DataDirectory;

    /// <summary>A client shared by the tests of the class that neither change faults nor count tokens.</summary>
    public ClaraClient Client => _client ??= CreateClient(SharedLogs);

    public LogCapture SharedLogs { get; } = new();

    protected virtual TimeProvider? SandboxTime => null;

    public async Task InitializeAsync() =>
        _harness = await SandboxHarness.StartAsync(ConfigureSandbox, SandboxTime, prepareDataDirectory: PrepareDataDirectory);

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    /// <summary>Client options for this sandbox: its certificates, its CA, small retry delays, a timeout a busy machine meets.</summary>
    public ClaraClientOptions ClientOptions(Action<ClaraClientOptions>? configure = null) => Harness.ClientOptions(configure);

    public ClaraClient CreateClient(LogCapture? logs = null, Action<ClaraClientOptions>? configure = null, TimeProvider? time = null) =>
        Harness.CreateClient(configure, (logs ?? new LogCapture()).CreateLogger(), time);

    public RawClaraHttp Raw(bool withClientCertificate = true) => Harness.Raw(withClientCertificate);

    protected virtual void ConfigureSandbox(SandboxOptions options)
    {
    }

    protected virtual void PrepareDataDirectory(string directory)
    {
    }
}
