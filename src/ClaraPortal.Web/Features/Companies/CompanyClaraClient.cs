using ClaraPortal.Clara;

namespace ClaraPortal.Web.Features.Companies;

/// <summary>
/// The scope's Clara client: every call acts for the scope's company (its RFC in X-Tax-Identifier, none for the owner),
/// over the one shared client's connections and token.
/// </summary>
internal sealed class CompanyClaraClient(ClaraClient root, CurrentCompany company) : IClaraClient
{
    private IClaraClient? _client;

    public async Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) =>
        await (await ClientAsync(ct)).GetCatalogAsync(detail, ct);

    public async Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) =>
        await (await ClientAsync(ct)).SubmitAsync(request, idempotencyKey, ct);

    public async Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
        await (await ClientAsync(ct)).UpdateAsync(purchaseId, request, idempotencyKey, ct);

    public async Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) =>
        await (await ClientAsync(ct)).CancelAsync(purchaseIds, reason, idempotencyKey, ct);

    public async Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
        await (await ClientAsync(ct)).StartReportAsync(request, idempotencyKey, ct);

    public async Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) =>
        await (await ClientAsync(ct)).GetReportPageAsync(reportId, fromRow, toRow, ct);

    public async Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default) =>
        await (await ClientAsync(ct)).GetPurchaseAsync(purchaseId, reveal, ct);

    private async ValueTask<IClaraClient> ClientAsync(CancellationToken ct) =>
        _client ??= root.ForTaxIdentifier((await company.GetAsync(ct)).HeaderValue);
}
