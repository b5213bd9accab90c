namespace ClaraPortal.Clara;

/// <summary>
/// Clara's VCN API. Thread safe; register once (singleton). Failures surface as <see cref="ClaraApiException"/>
/// (Clara answered with an error), <see cref="ClaraOutcomeUnknownException"/> (a write that may or may not have
/// happened: once any attempt of a write may have reached Clara, only a definitive answer ends it otherwise), <see cref="HttpRequestException"/> / <see cref="TimeoutException"/> (a read that got no answer) or
/// <see cref="OperationCanceledException"/>.
/// </summary>
public interface IClaraClient
{
    /// <summary>GET /v1/vcn?companyDetail=...: funding cards (RCNs), templates and suppliers.</summary>
    Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default);

    /// <summary>
    /// POST /v1/vcn/submit: creates a VCN. <paramref name="idempotencyKey"/> (1 to 80 characters, e.g. a GUID the
    /// caller stored before calling) makes a repeat safe: the same key and body return the first card again, never a
    /// second one. On <see cref="ClaraOutcomeUnknownException"/>, call again with the same key and body.
    /// </summary>
    Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default);

    /// <summary>
    /// POST /v1/vcn/{purchaseId}/update: new limit, supplier and/or end date. The card number stays.
    /// <paramref name="idempotencyKey"/>: record it before calling to make a later repeat safe; null uses a fresh key,
    /// which still makes this call's own retries safe.
    /// </summary>
    Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default);

    /// <summary>POST /v1/vcn/cancel for 1 to 50 purchases; each gets its own outcome. The key as for <see cref="UpdateAsync"/>.</summary>
    Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default);

    /// <summary>
    /// POST /v1/vcn/report: starts building a reconciliation report; poll it with <see cref="GetReportPageAsync"/>.
    /// The key as for <see cref="UpdateAsync"/>.
    /// </summary>
    Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default);

    /// <summary>GET /v1/vcn/report: status and rows <paramref name="fromRow"/>..<paramref name="toRow"/> (from 1, at most 100 at a time).</summary>
    Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default);

    /// <summary>GET /v1/vcn/{purchaseId}; <paramref name="reveal"/> adds the card number and CVV (audit every use).</summary>
    Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default);
}
