using ClaraPortal.Clara;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>
/// Stands in for Clara where a test is about the portal's own logic (catalog cache), not the wire:
/// the client itself is tested against the sandbox over TLS in ClaraPortal.Clara.Tests.
/// </summary>
public sealed class FakeClaraClient : IClaraClient
{
    public ClaraCatalog Catalog { get; set; } = new([], [], []);

    /// <summary>When set, GetCatalogAsync throws it (Clara down, 503, ...).</summary>
    public Exception? CatalogFailure { get; set; }

    public int CatalogCalls { get; private set; }

    public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default)
    {
        CatalogCalls++;
        return CatalogFailure is { } failure ? Task.FromException<ClaraCatalog>(failure) : Task.FromResult(Catalog);
    }

    public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default) => throw new NotSupportedException();
}
