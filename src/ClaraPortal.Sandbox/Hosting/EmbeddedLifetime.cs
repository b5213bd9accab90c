using Microsoft.Extensions.Hosting;

namespace ClaraPortal.Sandbox.Hosting;

/// <summary>A host lifetime that ignores console signals: SandboxServer's owner decides when it stops.</summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
