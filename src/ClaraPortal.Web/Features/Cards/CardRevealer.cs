using System.Globalization;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// Shows an issued card's full number, CVV and expiry again, to its issuer or an Admin, with a reason that is audited.
/// The card data itself is never stored or logged.
/// </summary>
public sealed partial class CardRevealer(
    IDbContextFactory<PortalDbContext> contexts,
    ICurrentUser currentUser,
    CardChanges changes,
    IClaraClient clara,
    ILogger<CardRevealer> logger)
{
    public async Task<RevealedCard> RevealAsync(Guid cardPurchaseId, string reason, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        reason = WriteReasons.Require(reason, IssueCardRules.RevealReasonMaxLength, "reveal");

        CardPurchase card;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            card = await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == cardPurchaseId, ct)
                ?? throw new KeyNotFoundException($"Card purchase {cardPurchaseId} does not exist.");
        }

        CardAccess.DemandOwnerOrAdmin(card, user);
        if (card.ClaraPurchaseId is not { } claraId)
        {
            throw new InvalidOperationException($"Card purchase {card.Id} was never issued by Clara ({card.Status}); there is nothing to reveal.");
        }

        var details = await clara.GetPurchaseAsync(claraId, reveal: true, ct);
        if (details.CardNumber is not { Length: > 4 } number || details.Cvv is not { } cvv)
        {
            throw new InvalidOperationException($"Clara did not reveal card purchase {card.Id}.");
        }

        if (!CardIdentity.Matches(card, details) || (card.Last4 is { } last4 && !number.EndsWith(last4, StringComparison.Ordinal)))
        {
            // The Clara id now names another card (a sandbox that lost its state hands ids out again): never show it.
            LogMismatch(logger, card.Id, claraId);
            throw new InvalidOperationException($"Clara purchase {claraId} is not the card recorded for card purchase {card.Id}; nothing was revealed.");
        }

        var revealed = new RevealedCard(number, cvv, details.ExpirationDate ?? ExpiryOf(details.ValidTo), number[^4..], RevealedCard.BrandOf(number));
        var brand = ClaraSubmission.BrandToStore(revealed.Brand);
        await changes.ApplyAsync(card.Id, AuditActor.From(user), AuditTrail.NewCorrelationId(), (row, _) =>
        {
            // Rows recorded before the portal kept the brand learn it the first time the number is seen again.
            row.Brand ??= brand;
            return new CardAudit(AuditActions.Revealed, new { Reason = reason });
        }, ct);

        LogRevealed(logger, card.Id, user.Subject);
        return revealed;
    }

    private static string ExpiryOf(DateOnly validTo) => validTo.ToString("MM/yy", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card purchase {PurchaseId} revealed by {Subject}")]
    private static partial void LogRevealed(ILogger logger, Guid purchaseId, string subject);

    [LoggerMessage(Level = LogLevel.Error, Message = "Clara purchase {ClaraPurchaseId} does not match card purchase {PurchaseId} (not the card recorded); reveal refused")]
    private static partial void LogMismatch(ILogger logger, Guid purchaseId, long claraPurchaseId);
}
