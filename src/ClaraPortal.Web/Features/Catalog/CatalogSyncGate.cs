namespace ClaraPortal.Web.Features.Catalog;

/// <summary>Process-wide lock around catalog syncs (the service itself is per circuit).</summary>
public sealed class CatalogSyncGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    public void Release() => _semaphore.Release();

    public void Dispose() => _semaphore.Dispose();
}
