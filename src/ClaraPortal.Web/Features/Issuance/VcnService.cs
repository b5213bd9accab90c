namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// The one place that writes to Clara (issue, update, cancel) and reveals card numbers. Records every
/// request before sending it and every outcome after, each with its audit event in the same transaction.
/// </summary>
public sealed class VcnService
{
    public Task<IssueCardResult> IssueAsync(IssueCardRequest request, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<IssueCardResult> ResolveOutcomeAsync(Guid cardPurchaseId, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<CardUpdateResult> UpdateAsync(Guid cardPurchaseId, CardUpdate update, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<CardCancelResult>> CancelAsync(IReadOnlyList<Guid> cardPurchaseIds, string reason, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<RevealedCard> RevealAsync(Guid cardPurchaseId, string reason, CancellationToken ct = default) => throw new NotImplementedException();
}
