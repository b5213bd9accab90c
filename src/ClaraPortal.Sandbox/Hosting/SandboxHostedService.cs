using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Sandbox.Hosting;

/// <summary>Runs one SandboxServer for the lifetime of the standalone host.</summary>
internal sealed class SandboxHostedService(IOptions<SandboxOptions> options, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private SandboxServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await SandboxServer.StartAsync(options.Value, TimeProvider.System, loggerFactory, cancellationToken);
        SandboxLog.Ready(loggerFactory.CreateLogger<SandboxHostedService>(), _server.BaseAddress, _server.ClientId, _server.Certificates.Directory);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync();
        }
    }
}
