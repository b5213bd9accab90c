using System.Globalization;
using System.Text.Json;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// The one place that writes to Clara (issue, update, cancel) and reveals card numbers. Every request is
/// recorded in SQLite before it is sent and every outcome after, each with its audit event in the same
/// transaction. Card numbers and CVVs pass through in memory only: never stored, logged or put in an
/// exception message.
/// </summary>
public sealed partial class VcnService(
    IDbContextFactory<PortalDbContext> contextFactory,
    IClaraClient clara,
    ICurrentUser currentUser,
    IssueCardRules rules,
    IApprovalGate approvalGate,
    AuditTrail auditTrail,
    TimeProvider timeProvider,
    ILogger<VcnService> logger)
{
    /// <summary>Clara cancels at most this many cards per call.</summary>
    public const int CancelBatchSize = 50;

    public const int MaxIdempotencyKeyLength = 80;

    /// <summary>
    /// Clara keeps an Idempotency-Key for 24 hours. After that a replay would be a new submission (a second
    /// card), so an unknown outcome older than this is never replayed; it needs a person to check.
    /// </summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromHours(23);

    private const string CardEntity = "CardPurchase";

    private static readonly JsonSerializerOptions CustomFieldJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Records the request (status Requested) with its Idempotency-Key, then submits it to Clara with that
    /// key and records the outcome. A key already recorded returns <see cref="IssueCardResult.AlreadySubmitted"/>
    /// without calling Clara again.
    /// </summary>
    public async Task<IssueCardResult> IssueAsync(IssueCardRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new ArgumentException($"The idempotency key must be 1 to {MaxIdempotencyKeyLength} characters.", nameof(request));
        }

        var correlationId = AuditTrail.NewCorrelationId();
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            if (await FindByKeyAsync(db, request.IdempotencyKey, ct) is { } existing)
            {
                LogAlreadySubmitted(logger, existing.Id, existing.Status);
                return new IssueCardResult.AlreadySubmitted(existing.Id, existing.Status);
            }

            var catalog = new IssueCardCatalog(
                await db.CardTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.ClaraId == request.TemplateId && t.RemovedAt == null, ct),
                await db.FundingCards.AsNoTracking().FirstOrDefaultAsync(f => f.ClaraId == request.FundingCardId && f.RemovedAt == null, ct),
                await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.ClaraId == request.SupplierId && s.RemovedAt == null, ct));
            var errors = rules.Validate(request, catalog, IssueCardRules.Today(timeProvider));
            if (errors.Count > 0)
            {
                // Nothing was recorded or sent: the form shows the messages and the same key stays usable.
                var fields = string.Join(",", errors.Select(e => e.Field).Distinct());
                LogRejectedByRules(logger, errors.Count, fields);
                return new IssueCardResult.Rejected(null, RejectionCodes.Validation, errors[0].Message, errors);
            }
        }

        var purchase = NewPurchase(request, user);
        try
        {
            await SaveRequestedAsync(purchase, user, correlationId, ct);
        }
        catch (DbUpdateException ex) when (IsIdempotencyKeyConflict(ex))
        {
            // Two submits with one key raced past the check above; the other one recorded it first.
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var winner = await FindByKeyAsync(db, request.IdempotencyKey, ct)
                ?? throw new InvalidOperationException("The idempotency key conflicted but no purchase holds it.", ex);
            LogAlreadySubmitted(logger, winner.Id, winner.Status);
            return new IssueCardResult.AlreadySubmitted(winner.Id, winner.Status);
        }

        LogSubmitting(logger, purchase.Id, purchase.TemplateId, purchase.FundingCardId, purchase.SupplierId);
        return await SubmitAndRecordAsync(purchase.Id, ToSubmitRequest(purchase), purchase.IdempotencyKey, user, correlationId, replay: false, ct);
    }

    /// <summary>
    /// Learns the outcome of a submit that got no answer by replaying it with the same Idempotency-Key and the
    /// same body (rebuilt from the stored row): Clara answers with the first outcome, never a second card.
    /// </summary>
    public async Task<IssueCardResult> ResolveOutcomeAsync(Guid cardPurchaseId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        CardPurchase purchase;
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            purchase = await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == cardPurchaseId, ct)
                ?? throw new KeyNotFoundException($"Card purchase {cardPurchaseId} does not exist.");
        }

        DemandOwnerOrAdmin(purchase, user);
        if (purchase.Status is not (CardPurchaseStatus.OutcomeUnknown or CardPurchaseStatus.Requested))
        {
            return new IssueCardResult.AlreadySubmitted(purchase.Id, purchase.Status);
        }

        if (timeProvider.GetUtcNow() - purchase.CreatedAt > ReplayWindow)
        {
            LogReplayWindowPassed(logger, purchase.Id);
            return new IssueCardResult.OutcomeUnknown(purchase.Id);
        }

        LogResolving(logger, purchase.Id);
        return await SubmitAndRecordAsync(purchase.Id, ToSubmitRequest(purchase), purchase.IdempotencyKey, user, AuditTrail.NewCorrelationId(), replay: true, ct);
    }

    /// <summary>
    /// Changes the limit, supplier or end date of an active card within its template's rules, or files an
    /// approval request when <see cref="IApprovalGate"/> says the change needs one.
    /// </summary>
    public async Task<CardUpdateResult> UpdateAsync(Guid cardPurchaseId, CardUpdate update, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        var correlationId = AuditTrail.NewCorrelationId();
        CardPurchase card;
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            card = await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == cardPurchaseId, ct)
                ?? throw new KeyNotFoundException($"Card purchase {cardPurchaseId} does not exist.");
            DemandOwnerOrAdmin(card, user);
            if (card.Status != CardPurchaseStatus.Active || card.ClaraPurchaseId is null)
            {
                return new CardUpdateResult.Rejected(RejectionCodes.CardNotActive, rules.Message("Update.Error.CardNotActive"), []);
            }

            var template = await db.CardTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.ClaraId == card.TemplateId, ct);
            var supplier = update.SupplierId is { } supplierId
                ? await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.ClaraId == supplierId && s.RemovedAt == null, ct)
                : null;
            var errors = rules.ValidateUpdate(card, update, template, supplier, IssueCardRules.Today(timeProvider));
            if (errors.Count > 0)
            {
                return new CardUpdateResult.Rejected(RejectionCodes.Validation, errors[0].Message, errors);
            }
        }

        if (await approvalGate.RequiresApprovalAsync(new ApprovalCheck(card, update, user), ct))
        {
            return await FileApprovalRequestAsync(card, update, user, correlationId, ct);
        }

        var claraRequest = new UpdatePurchaseRequest(update.Amount is { } amount ? Money.TwoDecimals(amount) : null, update.SupplierId, update.ValidTo);
        Purchase updated;
        try
        {
            updated = await clara.UpdateAsync(card.ClaraPurchaseId.Value, claraRequest, ct);
        }
        catch (ClaraApiException ex)
        {
            LogClaraRefused(logger, "update", card.Id, ex.StatusCode, ex.Code);
            return new CardUpdateResult.Rejected(ex.Code ?? RejectionCodes.Clara, ex.ClaraMessage ?? ex.Message, ClaraErrorMapping.ToFieldErrors(ex));
        }
        catch (Exception ex) when (IsNoAnswer(ex, ct))
        {
            // Clara may or may not have applied it: read the card to find out rather than guess.
            LogOutcomeUnknown(logger, "update", card.Id, ex.GetType().Name);
            return await ReconcileUpdateAsync(card, update, user, correlationId, ct);
        }

        return new CardUpdateResult.Updated(await RecordUpdateAsync(card.Id, updated, user, correlationId));
    }

    /// <summary>
    /// Cancels cards at Clara in batches of <see cref="CancelBatchSize"/>, one result per id. A batch Clara did
    /// not answer comes back Failed; calling again retries it (cancelling twice is harmless).
    /// </summary>
    public async Task<IReadOnlyList<CardCancelResult>> CancelAsync(IReadOnlyList<Guid> cardPurchaseIds, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cardPurchaseIds);
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0 || reason.Length > IssueCardRules.CancelReasonMaxLength)
        {
            throw new ArgumentException($"A cancel reason of 1 to {IssueCardRules.CancelReasonMaxLength} characters is required.", nameof(reason));
        }

        RefuseCardNumberIn(reason);

        var ids = cardPurchaseIds.Distinct().ToList();
        Dictionary<Guid, CardPurchase> cards;
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            cards = await db.CardPurchases.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        }

        var results = new Dictionary<Guid, CardCancelResult>();
        var toSend = new List<CardPurchase>();
        foreach (var id in ids)
        {
            if (!cards.TryGetValue(id, out var card))
            {
                results[id] = new(id, null, CardCancelStatus.NotFound, rules.Message("Cancel.Result.UnknownCard"));
            }
            else if (!IsOwnerOrAdmin(card, user))
            {
                results[id] = new(id, card.Last4, CardCancelStatus.Failed, rules.Message("Cancel.Result.NotYours"));
            }
            else if (card.Status == CardPurchaseStatus.Cancelled)
            {
                results[id] = new(id, card.Last4, CardCancelStatus.AlreadyCancelled, null);
            }
            else if (card.ClaraPurchaseId is null)
            {
                results[id] = card.Status is CardPurchaseStatus.Failed or CardPurchaseStatus.Rejected
                    ? new(id, card.Last4, CardCancelStatus.NotFound, rules.Message("Cancel.Result.NeverIssued"))
                    : new(id, card.Last4, CardCancelStatus.Failed, rules.Message("Cancel.Result.NotConfirmed"));
            }
            else
            {
                toSend.Add(card);
            }
        }

        var correlationId = AuditTrail.NewCorrelationId();
        foreach (var batch in toSend.Chunk(CancelBatchSize))
        {
            foreach (var result in await CancelBatchAsync(batch, reason, user, correlationId, ct))
            {
                results[result.CardPurchaseId] = result;
            }
        }

        return [.. ids.Select(id => results[id])];
    }

    /// <summary>
    /// The full card number, CVV and expiry of an issued card, for its issuer or an Admin, with a reason that
    /// is audited. The card data itself is never stored or logged.
    /// </summary>
    public async Task<RevealedCard> RevealAsync(Guid cardPurchaseId, string reason, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0 || reason.Length > IssueCardRules.RevealReasonMaxLength)
        {
            throw new ArgumentException($"A reason of 1 to {IssueCardRules.RevealReasonMaxLength} characters is required to reveal a card.", nameof(reason));
        }

        RefuseCardNumberIn(reason);

        CardPurchase card;
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            card = await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == cardPurchaseId, ct)
                ?? throw new KeyNotFoundException($"Card purchase {cardPurchaseId} does not exist.");
        }

        DemandOwnerOrAdmin(card, user);
        if (card.ClaraPurchaseId is not { } claraId)
        {
            throw new InvalidOperationException($"Card purchase {card.Id} was never issued by Clara ({card.Status}); there is nothing to reveal.");
        }

        var details = await clara.GetPurchaseAsync(claraId, reveal: true, ct);
        if (details.CardNumber is not { Length: > 4 } number || details.Cvv is not { } cvv)
        {
            throw new InvalidOperationException($"Clara did not reveal card purchase {card.Id}.");
        }

        var revealed = new RevealedCard(number, cvv, details.ExpirationDate ?? ExpiryOf(details.ValidTo), number[^4..], RevealedCard.BrandOf(number));
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (card.Brand is null && BrandToStore(revealed.Brand) is { } brand)
            {
                // Rows recorded before the portal kept the brand learn it the first time the number is seen again.
                await db.CardPurchases.Where(p => p.Id == card.Id && p.Brand == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Brand, brand), ct);
            }

            await auditTrail.AppendAsync(db, AuditActor.From(user),
                new AuditEntry(AuditActions.Revealed, CardEntity, card.Id.ToString(), After: new { Reason = reason, card.Last4 }), AuditTrail.NewCorrelationId(), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        LogRevealed(logger, card.Id, user.Subject);
        return revealed;
    }

    private async Task<IssueCardResult> SubmitAndRecordAsync(
        Guid purchaseId, SubmitPurchaseRequest body, string idempotencyKey, CurrentUserInfo user, string correlationId, bool replay, CancellationToken ct)
    {
        IssuedCard issued;
        try
        {
            issued = await clara.SubmitAsync(body, idempotencyKey, ct);
        }
        catch (ClaraApiException ex) when (replay && ex.StatusCode == 409)
        {
            // The stored body no longer matches what was first sent: a replay cannot tell, and a new key could
            // create a second card. Leave it unknown for a person to check in Clara.
            LogReplayConflict(logger, purchaseId, ex.Code);
            return new IssueCardResult.OutcomeUnknown(purchaseId);
        }
        catch (ClaraApiException ex)
        {
            LogClaraRefused(logger, replay ? "submit replay" : "submit", purchaseId, ex.StatusCode, ex.Code);
            await RecordFailedAsync(purchaseId, ex, user, correlationId);
            return new IssueCardResult.Rejected(purchaseId, ex.Code ?? RejectionCodes.Clara, ex.ClaraMessage ?? ex.Message, ClaraErrorMapping.ToFieldErrors(ex));
        }
        catch (Exception ex) when (IsNoAnswer(ex, ct) || ex is OperationCanceledException)
        {
            // Sent, and maybe done by Clara: never "failed". Recorded even when the caller went away (the
            // circuit closed), so the row says what is known.
            LogOutcomeUnknown(logger, replay ? "submit replay" : "submit", purchaseId, ex.GetType().Name);
            await RecordOutcomeUnknownAsync(purchaseId, ex, user, correlationId, replay);
            ct.ThrowIfCancellationRequested();
            return new IssueCardResult.OutcomeUnknown(purchaseId);
        }

        var revealed = new RevealedCard(issued.CardNumber, issued.Cvv, issued.ExpirationDate,
            issued.Last4 ?? issued.CardNumber[^4..], RevealedCard.BrandOf(issued.CardNumber));
        var recorded = await RecordIssuedAsync(purchaseId, issued.ToPurchase(), revealed.Last4, BrandToStore(revealed.Brand), user, correlationId);
        if (!recorded)
        {
            // Someone else resolved it meanwhile (two "Check again" clicks): same card, already recorded.
            return new IssueCardResult.AlreadySubmitted(purchaseId, CardPurchaseStatus.Active);
        }

        LogIssued(logger, purchaseId, issued.PurchaseId, replay);
        return new IssueCardResult.Issued(purchaseId, revealed);
    }

    private static bool IsNoAnswer(Exception ex, CancellationToken ct) => ex switch
    {
        ClaraOutcomeUnknownException or HttpRequestException or TimeoutException => true,
        // A timeout inside the HTTP stack, not the caller giving up.
        OperationCanceledException => !ct.IsCancellationRequested,
        // Clara answered 2xx with a body we could not read: it acted, we just cannot tell how.
        JsonException => true,
        _ => false,
    };

    private async Task SaveRequestedAsync(CardPurchase purchase, CurrentUserInfo user, string correlationId, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.CardPurchases.Add(purchase);
        await auditTrail.AppendAsync(db, AuditActor.From(user),
            new AuditEntry(AuditActions.IssueRequested, CardEntity, purchase.Id.ToString(), After: CardSnapshot.Of(purchase)), correlationId, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <returns>False when the row was no longer waiting for an outcome (already recorded by another call).</returns>
    private async Task<bool> RecordIssuedAsync(Guid purchaseId, Purchase issued, string last4, string? brand, CurrentUserInfo user, string correlationId)
    {
        // The card exists now whatever the caller does: finish recording it even if the circuit went away.
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var purchase = await db.CardPurchases.FirstAsync(p => p.Id == purchaseId, CancellationToken.None);
        if (purchase.Status is not (CardPurchaseStatus.Requested or CardPurchaseStatus.OutcomeUnknown))
        {
            return false;
        }

        var before = CardSnapshot.Of(purchase);
        var now = timeProvider.GetUtcNow();
        purchase.Status = CardPurchaseStatus.Active;
        purchase.ClaraPurchaseId = issued.PurchaseId;
        purchase.Last4 = last4;
        purchase.Brand = brand;
        purchase.Spent = issued.Spent;
        purchase.Available = issued.Available;
        purchase.IssuedAt = now;
        purchase.UpdatedAt = now;
        purchase.FailureCode = null;
        purchase.FailureMessage = null;
        await auditTrail.AppendAsync(db, AuditActor.From(user),
            new AuditEntry(AuditActions.Issued, CardEntity, purchase.Id.ToString(), before, CardSnapshot.Of(purchase)), correlationId, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    private async Task RecordFailedAsync(Guid purchaseId, ClaraApiException ex, CurrentUserInfo user, string correlationId)
    {
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var purchase = await db.CardPurchases.FirstAsync(p => p.Id == purchaseId, CancellationToken.None);
        var before = CardSnapshot.Of(purchase);
        purchase.Status = CardPurchaseStatus.Failed;
        purchase.FailureCode = Truncate(ex.Code ?? ex.StatusCode.ToString(CultureInfo.InvariantCulture), 40);
        purchase.FailureMessage = Truncate(ex.ClaraMessage ?? ex.Message, 2000);
        purchase.UpdatedAt = timeProvider.GetUtcNow();
        await auditTrail.AppendAsync(db, AuditActor.From(user),
            new AuditEntry(AuditActions.IssueFailed, CardEntity, purchase.Id.ToString(), before,
                new { Snapshot = CardSnapshot.Of(purchase), Details = ex.Details }), correlationId, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task RecordOutcomeUnknownAsync(Guid purchaseId, Exception ex, CurrentUserInfo user, string correlationId, bool replay)
    {
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var purchase = await db.CardPurchases.FirstAsync(p => p.Id == purchaseId, CancellationToken.None);
        if (replay && purchase.Status == CardPurchaseStatus.OutcomeUnknown)
        {
            // Still unknown after a replay: nothing changed, so nothing to record.
            return;
        }

        var before = CardSnapshot.Of(purchase);
        purchase.Status = CardPurchaseStatus.OutcomeUnknown;
        purchase.FailureCode = "OUTCOME_UNKNOWN";
        // The exception type only: messages of lower layers are not ours to vouch for.
        purchase.FailureMessage = ex.GetType().Name;
        purchase.UpdatedAt = timeProvider.GetUtcNow();
        await auditTrail.AppendAsync(db, AuditActor.From(user),
            new AuditEntry(AuditActions.OutcomeUnknown, CardEntity, purchase.Id.ToString(), before, CardSnapshot.Of(purchase)), correlationId, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task<CardUpdateResult> FileApprovalRequestAsync(CardPurchase card, CardUpdate update, CurrentUserInfo user, string correlationId, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var request = new ApprovalRequest
        {
            Id = Guid.NewGuid(),
            Kind = ApprovalKinds.UpdateCard,
            CardPurchaseId = card.Id,
            Summary = Truncate(rules.Message("Approval.UpdateSummary", card.Last4 ?? "????", update.Amount?.ToString("N2", CultureInfo.CurrentCulture) ?? "—", card.Currency), 500),
            PayloadJson = JsonSerializer.Serialize(update, CustomFieldJson),
            Amount = update.Amount ?? card.Amount,
            Currency = card.Currency,
            Status = ApprovalStatus.Pending,
            RequestedBy = user.Subject,
            RequestedByName = user.DisplayName,
            RequestedAt = timeProvider.GetUtcNow(),
        };
        db.ApprovalRequests.Add(request);
        var tracked = await db.CardPurchases.FirstAsync(p => p.Id == card.Id, ct);
        tracked.ApprovalRequestId = request.Id;
        tracked.UpdatedAt = request.RequestedAt;
        await auditTrail.AppendAsync(db, AuditActor.From(user),
            new AuditEntry(AuditActions.UpdateNeedsApproval, CardEntity, card.Id.ToString(), CardSnapshot.Of(card), new { ApprovalRequestId = request.Id, update }), correlationId, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new CardUpdateResult.NeedsApproval(request.Id);
    }

    private async Task<CardPurchase> RecordUpdateAsync(Guid cardId, Purchase clara, CurrentUserInfo user, string correlationId)
    {
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var card = await db.CardPurchases.FirstAsync(p => p.Id == cardId, CancellationToken.None);
        var before = CardSnapshot.Of(card);
        card.Amount = clara.Amount;
        card.SupplierId = clara.SupplierId;
        card.ValidTo = clara.ValidTo;
        card.Spent = clara.Spent;
        card.Available = clara.Available;
        card.UpdatedAt = timeProvider.GetUtcNow();
        await auditTrail.AppendAsync(db, AuditActor.From(user),
            new AuditEntry(AuditActions.Updated, CardEntity, card.Id.ToString(), before, CardSnapshot.Of(card)), correlationId, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return card;
    }

    private async Task<CardUpdateResult> ReconcileUpdateAsync(CardPurchase card, CardUpdate update, CurrentUserInfo user, string correlationId, CancellationToken ct)
    {
        PurchaseDetails details;
        try
        {
            details = await clara.GetPurchaseAsync(card.ClaraPurchaseId!.Value, reveal: false, ct);
        }
        catch (Exception ex) when (IsNoAnswer(ex, ct) || ex is ClaraApiException)
        {
            LogOutcomeUnknown(logger, "read after update", card.Id, ex.GetType().Name);
            return new CardUpdateResult.Rejected(RejectionCodes.OutcomeUnknown, rules.Message("Update.Error.OutcomeUnknown"), []);
        }

        var applied = (update.Amount is null || details.Amount == update.Amount)
            && (update.SupplierId is null || details.SupplierId == update.SupplierId)
            && (update.ValidTo is null || details.ValidTo == update.ValidTo);
        if (!applied)
        {
            return new CardUpdateResult.Rejected(RejectionCodes.OutcomeUnknown, rules.Message("Update.Error.NotApplied"), []);
        }

        return new CardUpdateResult.Updated(await RecordUpdateAsync(card.Id, details.ToPurchase(), user, correlationId));
    }

    private async Task<IReadOnlyList<CardCancelResult>> CancelBatchAsync(CardPurchase[] batch, string reason, CurrentUserInfo user, string correlationId, CancellationToken ct)
    {
        CancelPurchasesResult answer;
        try
        {
            answer = await clara.CancelAsync([.. batch.Select(c => c.ClaraPurchaseId!.Value)], reason, ct);
        }
        catch (Exception ex) when (ex is ClaraApiException || IsNoAnswer(ex, ct))
        {
            // The whole batch is unconfirmed: report each card Failed so the caller can retry them.
            LogCancelBatchFailed(logger, batch.Length, ex.GetType().Name, (ex as ClaraApiException)?.Code);
            var message = ex is ClaraApiException api ? api.ClaraMessage ?? api.Code : rules.Message("Cancel.Result.NoAnswer");
            return [.. batch.Select(c => new CardCancelResult(c.Id, c.Last4, CardCancelStatus.Failed, message))];
        }

        var outcomes = answer.Results.GroupBy(r => r.PurchaseId).ToDictionary(g => g.Key, g => g.Last());
        var results = new List<CardCancelResult>(batch.Length);
        var cancelled = new List<(CardPurchase Card, bool AlreadyAtClara)>();
        foreach (var card in batch)
        {
            var outcome = outcomes.GetValueOrDefault(card.ClaraPurchaseId!.Value);
            var status = outcome?.Status switch
            {
                CancelStatus.Cancelled => CardCancelStatus.Cancelled,
                CancelStatus.AlreadyCancelled => CardCancelStatus.AlreadyCancelled,
                CancelStatus.NotFound => CardCancelStatus.NotFound,
                _ => CardCancelStatus.Failed,
            };
            results.Add(new CardCancelResult(card.Id, card.Last4, status, outcome?.Message ?? (outcome is null ? rules.Message("Cancel.Result.NoAnswer") : null)));
            if (status is CardCancelStatus.Cancelled or CardCancelStatus.AlreadyCancelled)
            {
                cancelled.Add((card, status == CardCancelStatus.AlreadyCancelled));
            }
        }

        if (cancelled.Count > 0)
        {
            // Clara has cancelled them: record it even if the caller has gone.
            await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var ids = cancelled.Select(c => c.Card.Id).ToList();
            var rows = await db.CardPurchases.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, CancellationToken.None);
            var now = timeProvider.GetUtcNow();
            foreach (var (card, alreadyAtClara) in cancelled)
            {
                var row = rows[card.Id];
                if (row.Status == CardPurchaseStatus.Cancelled)
                {
                    continue;
                }

                var before = CardSnapshot.Of(row);
                row.Status = CardPurchaseStatus.Cancelled;
                // Clara no longer honours the rest of the limit (its cancel answer carries no balance), so the
                // stored figure says so even when Clara cannot be read later.
                row.Available = 0m;
                row.CancelReason = reason;
                row.CancelledAt = now;
                row.UpdatedAt = now;
                await auditTrail.AppendAsync(db, AuditActor.From(user),
                    new AuditEntry(AuditActions.Cancelled, CardEntity, row.Id.ToString(), before, new { Snapshot = CardSnapshot.Of(row), AlreadyCancelledAtClara = alreadyAtClara }),
                    correlationId, CancellationToken.None);
            }

            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            LogCancelled(logger, cancelled.Count);
        }

        return results;
    }

    private CardPurchase NewPurchase(IssueCardRequest request, CurrentUserInfo user)
    {
        var now = timeProvider.GetUtcNow();
        // Stored exactly as it will be sent, so a replay rebuilds the same body from the row.
        var customFields = request.CustomFields
            .Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .Select(f => new CustomFieldValue(f.Name.Trim(), f.Value))
            .ToList();
        return new CardPurchase
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = request.IdempotencyKey,
            Status = CardPurchaseStatus.Requested,
            FundingCardId = request.FundingCardId,
            TemplateId = request.TemplateId,
            SupplierId = request.SupplierId,
            Amount = request.Amount,
            Currency = request.Currency.Trim().ToUpperInvariant(),
            ValidFrom = request.ValidFrom,
            ValidTo = request.ValidTo,
            Reference = string.IsNullOrWhiteSpace(request.Reference) ? null : request.Reference.Trim(),
            CustomFieldsJson = JsonSerializer.Serialize(customFields, CustomFieldJson),
            IssuedBy = user.Subject,
            IssuedByName = user.DisplayName,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>The submit body, built only from the stored row: the first submit and every replay send the same bytes.</summary>
    internal static SubmitPurchaseRequest ToSubmitRequest(CardPurchase purchase) => new(
        purchase.FundingCardId,
        purchase.TemplateId,
        purchase.SupplierId,
        Money.TwoDecimals(purchase.Amount),
        purchase.Currency,
        purchase.ValidFrom,
        purchase.ValidTo,
        purchase.Reference,
        JsonSerializer.Deserialize<List<CustomFieldValue>>(purchase.CustomFieldsJson, CustomFieldJson) ?? []);

    private static async Task<CardPurchase?> FindByKeyAsync(PortalDbContext db, string key, CancellationToken ct) =>
        await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(p => p.IdempotencyKey == key, ct);

    /// <summary>Only the unique index on the key; any other failed insert is a real error.</summary>
    private static bool IsIdempotencyKeyConflict(DbUpdateException ex) =>
        ex.InnerException is SqliteException { SqliteErrorCode: 19 } sqlite
        && sqlite.Message.Contains("CardPurchases.IdempotencyKey", StringComparison.Ordinal);

    private static bool IsOwnerOrAdmin(CardPurchase card, CurrentUserInfo user) =>
        user.IsInRole(PortalRoles.Admin) || string.Equals(card.IssuedBy, user.Subject, StringComparison.Ordinal);

    private static void DemandOwnerOrAdmin(CardPurchase card, CurrentUserInfo user)
    {
        if (!IsOwnerOrAdmin(card, user))
        {
            throw new AccessDeniedException(CardOwnerPolicy, user.Subject);
        }
    }

    /// <summary>Named in <see cref="AccessDeniedException.Policy"/> when a user acts on someone else's card.</summary>
    public const string CardOwnerPolicy = "CardIssuerOrAdmin";

    /// <summary>A reason is stored and audited: one holding a card number (a paste gone wrong) is refused, not written.</summary>
    private static void RefuseCardNumberIn(string reason)
    {
        if (IssueCardRules.ContainsCardNumber(reason))
        {
            // The message names the rule, never the text.
            throw new ArgumentException("A reason must not contain a card number.", nameof(reason));
        }
    }

    private static string ExpiryOf(DateOnly validTo) => validTo.ToString("MM/yy", CultureInfo.InvariantCulture);

    /// <summary>The brand as stored: a known brand name (never digits of the number), or null when it cannot be told.</summary>
    private static string? BrandToStore(string brand) =>
        string.IsNullOrWhiteSpace(brand) || brand == RevealedCard.UnknownBrand ? null : Truncate(brand, 20);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitting card purchase {PurchaseId} (template {TemplateId}, RCN {RcnId}, supplier {SupplierId})")]
    private static partial void LogSubmitting(ILogger logger, Guid purchaseId, long templateId, long rcnId, long supplierId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card purchase {PurchaseId} issued as Clara purchase {ClaraPurchaseId} (replay: {Replay})")]
    private static partial void LogIssued(ILogger logger, Guid purchaseId, long claraPurchaseId, bool replay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency key already recorded for card purchase {PurchaseId} ({Status}); not sent again")]
    private static partial void LogAlreadySubmitted(ILogger logger, Guid purchaseId, CardPurchaseStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue request refused by the template rules before sending: {Count} problem(s) in {Fields}")]
    private static partial void LogRejectedByRules(ILogger logger, int count, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clara refused {Operation} for card purchase {PurchaseId}: {StatusCode} {Code}")]
    private static partial void LogClaraRefused(ILogger logger, string operation, Guid purchaseId, int statusCode, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outcome of {Operation} for card purchase {PurchaseId} is unknown ({ExceptionType})")]
    private static partial void LogOutcomeUnknown(ILogger logger, string operation, Guid purchaseId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resolving the unknown outcome of card purchase {PurchaseId} by replaying its Idempotency-Key")]
    private static partial void LogResolving(ILogger logger, Guid purchaseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replay of card purchase {PurchaseId} conflicted ({Code}): left unknown, needs a manual check in Clara")]
    private static partial void LogReplayConflict(ILogger logger, Guid purchaseId, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card purchase {PurchaseId} is older than Clara keeps idempotency keys: not replayed, needs a manual check in Clara")]
    private static partial void LogReplayWindowPassed(ILogger logger, Guid purchaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel of a batch of {Count} card(s) failed ({ExceptionType} {Code}); reported as retryable")]
    private static partial void LogCancelBatchFailed(ILogger logger, int count, string exceptionType, string? code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Count} cancelled card(s)")]
    private static partial void LogCancelled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card purchase {PurchaseId} revealed by {Subject}")]
    private static partial void LogRevealed(ILogger logger, Guid purchaseId, string subject);
}

/// <summary>Audit actions written by <see cref="VcnService"/>.</summary>
public static class AuditActions
{
    public const string IssueRequested = "card.issue.requested";
    public const string Issued = "card.issued";
    public const string IssueFailed = "card.issue.failed";
    public const string OutcomeUnknown = "card.outcome-unknown";
    public const string Updated = "card.updated";
    public const string UpdateNeedsApproval = "card.update.approval-requested";
    public const string Cancelled = "card.cancelled";
    public const string Revealed = "card.revealed";
}

/// <summary>Codes of rejections the portal makes itself (Clara's own codes pass through).</summary>
public static class RejectionCodes
{
    public const string Validation = "VALIDATION";
    public const string CardNotActive = "CARD_NOT_ACTIVE";
    public const string OutcomeUnknown = "OUTCOME_UNKNOWN";
    public const string Clara = "CLARA_ERROR";
}

public static class ApprovalKinds
{
    public const string UpdateCard = "UpdateCard";
}

/// <summary>A card purchase as the audit trail records it: everything but card data (there is none on the row).</summary>
internal sealed record CardSnapshot(
    string Status, long? ClaraPurchaseId, long TemplateId, long FundingCardId, long SupplierId, decimal Amount, string Currency,
    decimal? Spent, decimal? Available, DateOnly ValidFrom, DateOnly ValidTo, string? Reference, string? Last4, string? Brand, string? FailureCode, string? CancelReason)
{
    public static CardSnapshot Of(CardPurchase p) => new(
        p.Status.ToString(), p.ClaraPurchaseId, p.TemplateId, p.FundingCardId, p.SupplierId, p.Amount, p.Currency,
        p.Spent, p.Available, p.ValidFrom, p.ValidTo, p.Reference, p.Last4, p.Brand, p.FailureCode, p.CancelReason);
}

/// <summary>Amounts as Clara's wire wants them.</summary>
internal static class Money
{
    /// <summary>
    /// Always two decimals (12500 -> 12500.00). SQLite gives amounts back without trailing zeros, and Clara
    /// compares a replay's body as written, so the first submit and a replay must write the amount alike.
    /// </summary>
    public static decimal TwoDecimals(decimal amount) =>
        decimal.Parse(decimal.Round(amount, 2).ToString("0.00", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
