using ClaraPortal.Web.Features.Cards;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// The card writes the pages call, in one place: each operation lives in its own class (<see cref="CardIssuer"/>,
/// <see cref="OutcomeResolver"/>, <see cref="CardUpdater"/>, <see cref="CardCanceller"/>, <see cref="CardRevealer"/>),
/// and this facade only forwards. Approvals call those classes' "approved" entry points directly.
/// </summary>
public sealed class VcnService(CardIssuer issuer, OutcomeResolver resolver, CardUpdater updater, CardCanceller canceller, CardRevealer revealer)
{
    public Task<IssueCardResult> IssueAsync(IssueCardRequest request, CancellationToken ct = default) => issuer.IssueAsync(request, ct);

    public Task<IssueCardResult> ResolveOutcomeAsync(Guid cardPurchaseId, CancellationToken ct = default) => resolver.CheckAgainAsync(cardPurchaseId, ct);

    public Task<CardUpdateResult> UpdateAsync(Guid cardPurchaseId, CardUpdate update, CancellationToken ct = default) =>
        updater.UpdateAsync(cardPurchaseId, update, expectedStamp: null, ct);

    public Task<CardUpdateResult> UpdateAsync(Guid cardPurchaseId, CardUpdate update, Guid expectedStamp, CancellationToken ct = default) =>
        updater.UpdateAsync(cardPurchaseId, update, expectedStamp, ct);

    public Task<IReadOnlyList<CardCancelResult>> CancelAsync(IReadOnlyList<Guid> cardPurchaseIds, string reason, CancellationToken ct = default) =>
        canceller.CancelAsync(cardPurchaseIds, reason, ct);

    public Task<RevealedCard> RevealAsync(Guid cardPurchaseId, string reason, CancellationToken ct = default) => revealer.RevealAsync(cardPurchaseId, reason, ct);
}
