using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// Changes the limit, supplier or end date of an active card. The change is checked against the stamp the user saw,
/// claimed on the row with its own Idempotency-Key before anything is sent (one change at a time per card), sent, and
/// its answer recorded; an answer that never came is replayed with the same key by the <see cref="OutcomeResolver"/>.
/// </summary>
public sealed partial class CardUpdater(
    IDbContextFactory<PortalDbContext> contexts,
    ICurrentUser currentUser,
    IssueCardRules rules,
    IApprovalGate approvalGate,
    IOptions<ApprovalExpiryOptions> approvalExpiry,
    IApprovalNotifications approvalNotifications,
    CardChanges changes,
    AuditTrail auditTrail,
    IClaraClient clara,
    TimeProvider time,
    IOptions<OutcomeResolverOptions> resolverOptions,
    ILogger<CardUpdater> logger)
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Applies <paramref name="update"/> for the signed-in user, or files an approval request when the gate says so.
    /// <paramref name="expectedStamp"/> is the card's <see cref="CardPurchase.ConcurrencyStamp"/> as the user saw it: a
    /// card changed since then is not touched and the user is told.
    /// </summary>
    public async Task<CardUpdateResult> UpdateAsync(Guid cardPurchaseId, CardUpdate update, Guid? expectedStamp = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        return await UpdateForAsync(cardPurchaseId, update, user, expectedStamp, consultGate: true, ct);
    }

    /// <summary>An update an approver has approved, applied for its requester (the gate is not asked again).</summary>
    public Task<CardUpdateResult> UpdateApprovedAsync(Guid cardPurchaseId, CardUpdate update, CurrentUserInfo requester, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(requester);
        return UpdateForAsync(cardPurchaseId, update, requester, expectedStamp: null, consultGate: false, ct);
    }

    private async Task<CardUpdateResult> UpdateForAsync(
        Guid cardPurchaseId, CardUpdate update, CurrentUserInfo user, Guid? expectedStamp, bool consultGate, CancellationToken ct)
    {
        CardPurchase card;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            card = await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == cardPurchaseId, ct)
                ?? throw new KeyNotFoundException($"Card purchase {cardPurchaseId} does not exist.");
            CardAccess.DemandOwnerOrAdmin(card, user);
            if (card.Status != CardPurchaseStatus.Active || card.ClaraPurchaseId is null)
            {
                return new CardUpdateResult.Rejected(RejectionCodes.CardNotActive, rules.Message("Update.Error.CardNotActive"), []);
            }

            if (expectedStamp is { } stamp && stamp != card.ConcurrencyStamp)
            {
                return Changed();
            }

            var template = await db.CardTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.ClaraId == card.TemplateId, ct);
            var supplier = update.SupplierId is { } supplierId
                ? await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.ClaraId == supplierId && s.RemovedAt == null, ct)
                : null;
            var errors = rules.ValidateUpdate(card, update, template, supplier, IssueCardRules.Today(time));
            if (errors.Count > 0)
            {
                return new CardUpdateResult.Rejected(RejectionCodes.Validation, errors[0].Message, errors);
            }
        }

        var correlationId = AuditTrail.NewCorrelationId();
        if (consultGate && await approvalGate.AssessUpdateAsync(new ApprovalCheck(card, update, user), ct) is { NeedsApproval: true } assessment)
        {
            return await FileApprovalRequestAsync(card, update, user, assessment, correlationId, ct);
        }

        var body = new UpdatePurchaseRequest(update.Amount is { } amount ? Money.TwoDecimals(amount) : null, update.SupplierId, update.ValidTo);
        var key = Guid.NewGuid().ToString("N");
        var actor = AuditActor.From(user);
        CardChange claim;
        try
        {
            claim = await changes.ApplyAsync(card.Id, actor, correlationId, (row, now) =>
            {
                row.BeginWrite(CardWriteKind.Update, key, JsonSerializer.Serialize(body, PayloadJson), now);
                row.ScheduleResolve(resolverOptions.Value.FirstReplayAfter, now);
                return new CardAudit(AuditActions.UpdateSent, new { IdempotencyKey = key, Update = update });
            }, ct, card.ConcurrencyStamp);
        }
        catch (InvalidCardTransitionException)
        {
            return new CardUpdateResult.Rejected(RejectionCodes.Busy, rules.Message("Update.Error.InFlight"), []);
        }

        if (claim.Status != CardChangeStatus.Changed)
        {
            return claim.Status == CardChangeStatus.NotFound ? throw new KeyNotFoundException($"Card purchase {card.Id} does not exist.") : Changed();
        }

        // Not tied to the caller: the answer is recorded even if the page goes away.
        return await SendAsync(claim.Card!, actor, correlationId, replay: false).WaitAsync(ct);
    }

    /// <summary>Replays a card's unconfirmed update with its recorded key and body; true when that settled it.</summary>
    internal async Task<bool> ReplayAsync(CardPurchase card, AuditActor actor)
    {
        var result = await SendAsync(card, actor, AuditTrail.NewCorrelationId(), replay: true);
        return result is not CardUpdateResult.Rejected { Code: RejectionCodes.OutcomeUnknown };
    }

    private async Task<CardUpdateResult> SendAsync(CardPurchase card, AuditActor actor, string correlationId, bool replay)
    {
        var key = card.PendingWriteKey!;
        var body = JsonSerializer.Deserialize<UpdatePurchaseRequest>(card.PendingWriteJson!, PayloadJson)!;
        Purchase answer;
        try
        {
            answer = await clara.UpdateAsync(card.ClaraPurchaseId!.Value, body, key, CancellationToken.None);
        }
        catch (ClaraApiException ex) when (ClaraWriteAnswers.SettlesAsRefusal(ex, replay))
        {
            LogRefused(logger, card.Id, ex.StatusCode, ex.Code, replay);
            await RecordAsync(card.Id, key, actor, correlationId, (row, now) =>
            {
                row.AbandonWrite(now);
                return new CardAudit(AuditActions.UpdateFailed, new { ex.StatusCode, ex.Code });
            });
            var message = ex.StatusCode is 429 or 503 ? rules.Message("Update.Error.NotApplied") : ex.ClaraMessage ?? ex.Message;
            return new CardUpdateResult.Rejected(ex.Code ?? RejectionCodes.Clara, message, ClaraErrorMapping.ToFieldErrors(ex));
        }
        catch (Exception ex) when (ClaraWriteAnswers.LeavesOutcomeUnknown(ex))
        {
            LogUnknown(logger, card.Id, ex.GetType().Name, replay);
            var backoff = resolverOptions.Value;
            await RecordAsync(card.Id, key, actor, correlationId, (row, now) =>
            {
                row.ScheduleResolve(backoff.BackoffAfter(row.ResolveAttempts + (replay ? 1 : 0)), now, afterReplay: replay);
                return null;
            });
            return new CardUpdateResult.Rejected(RejectionCodes.OutcomeUnknown, rules.Message("Update.Error.OutcomeUnknown"), []);
        }

        var supplierName = await SupplierNameAsync(answer.SupplierId, card);
        var recorded = await RecordAsync(card.Id, key, actor, correlationId, (row, now) =>
        {
            if (row.Status == CardPurchaseStatus.Cancelled)
            {
                return null; // cancelled meanwhile: Clara applied the change first, then the cancel; the card stays cancelled
            }

            row.ApplyUpdate(answer.Amount, answer.SupplierId, supplierName, answer.ValidTo, answer.Spent, answer.Available, now);
            return new CardAudit(AuditActions.Updated, new { Replay = replay });
        });
        return recorded is { Status: CardChangeStatus.Changed, Card: { } updated }
            ? new CardUpdateResult.Updated(updated)
            : new CardUpdateResult.Rejected(RejectionCodes.CardNotActive, rules.Message("Update.Error.CancelledMeanwhile"), []);
    }

    /// <summary>The catalog's name of the card's supplier after the update (the name it had when unchanged or unknown to the catalog).</summary>
    private async Task<string> SupplierNameAsync(long supplierId, CardPurchase card)
    {
        if (supplierId == card.SupplierId)
        {
            return card.SupplierName;
        }

        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        return await db.Suppliers.AsNoTracking().Where(s => s.ClaraId == supplierId).Select(s => s.Name).FirstOrDefaultAsync() ?? "";
    }

    /// <summary>Records an answer for the update holding <paramref name="key"/>; a row that has moved on (cancelled, another key) is left alone.</summary>
    private async Task<CardChange?> RecordAsync(Guid cardId, string key, AuditActor actor, string correlationId, Func<CardPurchase, DateTimeOffset, CardAudit?> change)
    {
        try
        {
            return await changes.ApplyAsync(cardId, actor, correlationId, (row, now) =>
                row.PendingWrite == CardWriteKind.Update && row.PendingWriteKey == key ? change(row, now) : null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException)
        {
            // The row keeps its pending key and resolve time: the resolver replays the same key and records it then.
            LogRecordFailed(logger, cardId, ex.GetType().Name);
            return null;
        }
    }

    private CardUpdateResult.Rejected Changed() => new(RejectionCodes.Changed, rules.Message("Update.Error.ChangedMeanwhile"), []);

    private async Task<CardUpdateResult> FileApprovalRequestAsync(
        CardPurchase card, CardUpdate update, CurrentUserInfo user, ApprovalAssessment assessment, string correlationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var request = new ApprovalRequest
        {
            Id = Guid.NewGuid(),
            Kind = ApprovalKinds.UpdateCard,
            CardPurchaseId = card.Id,
            Summary = Text.Truncate(rules.Message("Approval.UpdateSummary", card.Last4 ?? "????", update.Amount?.ToString("N2", CultureInfo.CurrentCulture) ?? "—", card.Currency), 500),
            PayloadJson = JsonSerializer.Serialize(update, PayloadJson),
            Amount = update.Amount ?? card.Amount,
            Currency = card.Currency,
            Status = ApprovalStatus.Pending,
            RequestedBy = user.Subject,
            RequestedByName = user.DisplayName,
            RequestedAt = time.GetUtcNow(),
            RequiredApprovals = assessment.RequiredApprovals,
            RuleKey = assessment.RuleKey,
            PolicyJson = JsonSerializer.Serialize(assessment, PayloadJson),
            TemplateId = card.TemplateId,
            SupplierId = update.SupplierId ?? card.SupplierId,
            ValidTo = update.ValidTo ?? card.ValidTo,
            ExpiresAt = time.GetUtcNow() + approvalExpiry.Value.PendingFor,
        };
        db.ApprovalRequests.Add(request);
        var tracked = await db.CardPurchases.FirstAsync(p => p.Id == card.Id, ct);
        tracked.ApprovalRequestId = request.Id;
        tracked.UpdatedAt = request.RequestedAt;
        await auditTrail.AppendAsync(db, AuditActor.From(user),
            new AuditEntry(AuditActions.UpdateNeedsApproval, CardChanges.EntityType, card.Id.ToString(), CardSnapshot.Of(card), new { ApprovalRequestId = request.Id, update }), correlationId, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        approvalNotifications.Publish(new ApprovalNotification(request.Company, request.Id, ApprovalNotificationKind.Filed, request.RequestedBy));
        return new CardUpdateResult.NeedsApproval(request.Id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clara refused the update of card purchase {PurchaseId}: {StatusCode} {Code} (replay: {Replay})")]
    private static partial void LogRefused(ILogger logger, Guid purchaseId, int statusCode, string? code, bool replay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outcome of the update of card purchase {PurchaseId} is unknown ({ExceptionType}, replay: {Replay}); it will be replayed with its key")]
    private static partial void LogUnknown(ILogger logger, Guid purchaseId, string exceptionType, bool replay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording Clara's answer to the update of card purchase {PurchaseId} failed ({ExceptionType}); left for the resolver")]
    private static partial void LogRecordFailed(ILogger logger, Guid purchaseId, string exceptionType);
}
