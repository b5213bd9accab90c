using ClaraPortal.Clara;

namespace ClaraPortal.Web.Tests.Features.Cards;

/// <summary>
/// Clara's read of one card, scripted: what the detail page gets back, or the failure it meets.
/// Writes are not this double's business (VcnService tests run against the sandbox).
/// </summary>
internal sealed class ScriptedClaraReads : IClaraClient
{
    public Dictionary<long, PurchaseDetails> Purchases { get; } = [];

    /// <summary>When set, every read fails with it (Clara down).</summary>
    public Exception? Failure { get; set; }

    public int Reads { get; private set; }

    public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default)
    {
        Reads++;
        if (Failure is { } failure)
        {
            return Task.FromException<PurchaseDetails>(failure);
        }

        return Purchases.TryGetValue(purchaseId, out var purchase)
            ? Task.FromResult(purchase)
            : Task.FromException<PurchaseDetails>(new ClaraApiException(404, "NOT_FOUND", "Purchase not found"));
    }

    public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => Task.FromResult(new ClaraCatalog([], [], []));

    public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) => throw new NotSupportedException();
}
