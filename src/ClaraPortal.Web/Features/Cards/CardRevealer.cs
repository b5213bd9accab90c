using System.Globalization;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// Shows an active card's full number, CVV and expiry again, to its issuer or an Admin, with a reason that is audited:
/// only after a recent sign-in (<see cref="RevealSignIn"/>), a few times per user (<see cref="CardRevealOptions"/>),
/// and with the request audited before Clara is asked, so a reveal whose answer never came is on the record too.
/// The card data itself is never stored or logged.
/// </summary>
public sealed partial class CardRevealer(
    IDbContextFactory<PortalDbContext> contexts,
    ICurrentUser currentUser,
    CardChanges changes,
    IClaraClient clara,
    RevealSignIn signIn,
    AuditTrail auditTrail,
    PortalCompanies companies,
    IOptions<CardRevealOptions> options,
    TimeProvider time,
    ILogger<CardRevealer> logger)
{
    public async Task<RevealedCard> RevealAsync(Guid cardPurchaseId, string reason, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        signIn.Demand(user);
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

        if (card.Status != CardPurchaseStatus.Active)
        {
            throw new RevealRefusedException(RevealRefusal.NotActive);
        }

        var correlationId = AuditTrail.NewCorrelationId();
        await RecordRequestAsync(card, user, reason, correlationId, ct);

        var details = await clara.GetPurchaseAsync(claraId, reveal: true, ct);
        if (details.CardNumber is not { Length: > 4 } number || details.Cvv is not { } cvv)
        {
            // A reveal answer without the number is one the portal cannot read, not a crash: said so to the user.
            throw new ClaraApiException(200, "INVALID_RESPONSE", $"Clara's reveal answer for card purchase {card.Id} has no card number or CVV.");
        }

        if (!CardIdentity.Matches(card, details) || (card.Last4 is { } last4 && !number.EndsWith(last4, StringComparison.Ordinal)))
        {
            // The Clara id now names another card (a sandbox that lost its state hands ids out again): never show it.
            LogMismatch(logger, card.Id, claraId);
            throw new InvalidOperationException($"Clara purchase {claraId} is not the card recorded for card purchase {card.Id}; nothing was revealed.");
        }

        if (!string.Equals(details.Status, "ACTIVE", StringComparison.OrdinalIgnoreCase))
        {
            // Cancelled or expired at Clara before the portal heard of it: the number is not shown either.
            LogNotActiveAtClara(logger, card.Id, details.Status);
            throw new RevealRefusedException(RevealRefusal.NotActive);
        }

        var revealed = new RevealedCard(number, cvv, details.ExpirationDate ?? ExpiryOf(details.ValidTo), number[^4..], RevealedCard.BrandOf(number));
        var brand = ClaraSubmission.BrandToStore(revealed.Brand);
        await changes.ApplyAsync(card.Id, AuditActor.From(user), correlationId, (row, _) =>
        {
            // Rows recorded before the portal kept the brand learn it the first time the number is seen again.
            row.Brand ??= brand;
            return new CardAudit(AuditActions.Revealed, new { Reason = reason });
        }, ct);

        LogRevealed(logger, card.Id, user.Subject);
        return revealed;
    }

    /// <summary>
    /// Counts the user's recent reveal requests (in every company) and records this one, in one transaction: SQLite's write
    /// lock, taken at BEGIN, keeps two tabs from both taking the last one.
    /// </summary>
    private async Task RecordRequestAsync(CardPurchase card, CurrentUserInfo user, string reason, string correlationId, CancellationToken ct)
    {
        var limit = options.Value;
        var since = time.GetUtcNow() - limit.PerUserWindow;
        var keys = companies.All.Select(c => c.Key).ToList();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var recent = await db.AuditEvents.IgnoreQueryFilters()
            .Where(a => keys.Contains(a.Company) && a.ActorId == user.Subject && a.Action == AuditActions.RevealRequested && a.OccurredAt >= since)
            .CountAsync(ct);
        if (recent >= limit.PerUserLimit)
        {
            LogTooMany(logger, card.Id, user.Subject, recent);
            throw new RevealRefusedException(RevealRefusal.TooMany, limit.PerUserLimit, (int)Math.Ceiling(limit.PerUserWindow.TotalMinutes));
        }

        await auditTrail.AppendAsync(
            db, AuditActor.From(user), new AuditEntry(AuditActions.RevealRequested, CardChanges.EntityType, card.Id.ToString(), After: new { Reason = reason }), correlationId, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static string ExpiryOf(DateOnly validTo) => validTo.ToString("MM/yy", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card purchase {PurchaseId} revealed by {Subject}")]
    private static partial void LogRevealed(ILogger logger, Guid purchaseId, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reveal of card purchase {PurchaseId} refused: {Subject} asked {Recent} times within the window")]
    private static partial void LogTooMany(ILogger logger, Guid purchaseId, string subject, int recent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reveal of card purchase {PurchaseId} refused: Clara says the card is {Status}")]
    private static partial void LogNotActiveAtClara(ILogger logger, Guid purchaseId, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Clara purchase {ClaraPurchaseId} does not match card purchase {PurchaseId} (not the card recorded); reveal refused")]
    private static partial void LogMismatch(ILogger logger, Guid purchaseId, long claraPurchaseId);
}
