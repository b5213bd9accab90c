using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Sandbox.Tests.Infrastructure;

/// <summary>
/// One sandbox per test class on a fake clock the tests move (tokens, lag, reports and key expiry all read it).
/// Tests put the faults back with <see cref="SandboxFaultOptions.Reset"/>.
/// </summary>
public sealed class SandboxTestFixture : IAsyncLifetime
{
    private SandboxHarness? _harness;
    private SandboxApi? _api;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public SandboxHarness Harness => _harness ?? throw new InvalidOperationException("not started");

    public SandboxServer Server => Harness.Server;

    public SandboxFaultOptions Faults => Server.Faults;

    public SandboxApi Api => _api ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _harness = await SandboxHarness.StartAsync(time: Clock);
        _api = new SandboxApi(_harness);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }
}
