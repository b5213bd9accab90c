using ClaraPortal.Clara;
using ClaraPortal.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>
/// One real Clara sandbox (real TLS, real tokens, the real client) for the report pages' tests, on a clock the tests move:
/// a report is PENDING for its first second at Clara, PROCESSING until 2.5 s, READY after, so a test says exactly which
/// step it wants instead of waiting for it. Starts can be held, to see the form while Clara has not answered yet.
/// </summary>
public sealed class ReportsSandbox : IAsyncLifetime
{
    private SandboxHarness? _harness;
    private ClaraClient? _client;

    /// <summary>The sandbox's clock (the portal's own stays the system's).</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public HeldReportStarts Clara { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _harness = await SandboxHarness.StartAsync(o => o.SupplierCount = 50, Clock);
        _client = _harness.CreateClient(o => o.MaxRetries = 0);
        Clara = new HeldReportStarts(_client);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReportsSandboxCollection : ICollectionFixture<ReportsSandbox>
{
    public const string Name = "Reports sandbox";
}

/// <summary>The real client; a test may hold report starts until it lets them go (Clara is slow to answer).</summary>
public sealed class HeldReportStarts(IClaraClient inner) : IClaraClient
{
    private TaskCompletionSource? _gate;

    /// <summary>Report starts wait from now until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    public async Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default)
    {
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(ct);
        }

        return await inner.StartReportAsync(request, idempotencyKey, ct);
    }

    public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) =>
        inner.GetReportPageAsync(reportId, fromRow, toRow, ct);

    public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => inner.GetCatalogAsync(detail, ct);

    public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) => inner.SubmitAsync(request, idempotencyKey, ct);

    public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
        inner.UpdateAsync(purchaseId, request, idempotencyKey, ct);

    public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) =>
        inner.CancelAsync(purchaseIds, reason, idempotencyKey, ct);

    public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default) => inner.GetPurchaseAsync(purchaseId, reveal, ct);
}
