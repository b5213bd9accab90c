using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// Sends a recorded card request to Clara with its Idempotency-Key and records what came back. Shared by the first
/// submit (<see cref="CardIssuer"/>) and every replay (<see cref="OutcomeResolver"/>).
/// <para>The rules, each tested:</para>
/// <list type="bullet">
/// <item>Clara's call is never tied to the caller's lifetime: a page that goes away does not cancel a call in flight,
/// and its outcome is recorded all the same.</item>
/// <item>Once any attempt may have reached Clara, the outcome stays unknown unless an answer settles it: a 2xx, or a
/// 400/404/422 (an idempotent replay returns the first answer). A 429, 503, 401/403, 409, a timeout or a dropped
/// connection after that is never "failed". The client enforces this within one call; across calls (a replay of a row
/// an earlier call left unknown) it is enforced here.</item>
/// <item>A failure to record an answer Clara already gave never strands the row: it is recorded as unknown (or stays
/// Requested) and the resolver replays it; the card is still shown to the person who asked.</item>
/// </list>
/// </summary>
public sealed partial class ClaraSubmission(
    IClaraClient clara,
    IDbContextFactory<PortalDbContext> contexts,
    CardChanges changes,
    IOptions<OutcomeResolverOptions> options,
    ILogger<ClaraSubmission> logger)
{
    private static readonly JsonSerializerOptions CustomFieldJson = new(JsonSerializerDefaults.Web);

    public async Task<IssueCardResult> SubmitAsync(CardPurchase purchase, AuditActor actor, string correlationId, bool replay)
    {
        IssuedCard issued;
        try
        {
            // CancellationToken.None on purpose: see the class remarks. The client's own timeouts bound the call.
            issued = await clara.SubmitAsync(ToSubmitRequest(purchase), purchase.IdempotencyKey, CancellationToken.None);
        }
        catch (ClaraApiException ex) when (ClaraWriteAnswers.SettlesAsRefusal(ex, replay))
        {
            LogRefused(logger, purchase.Id, ex.StatusCode, ex.Code, replay);
            return await RecordFailedAsync(purchase.Id, ex, actor, correlationId);
        }
        catch (HttpRequestException ex) when (!replay)
        {
            // The client throws this for a write only when the request provably never left (no connection, no TLS
            // session) and no earlier attempt may have acted: nothing happened at Clara.
            LogNotSent(logger, purchase.Id, ex.HttpRequestError);
            return await RecordFailedAsync(purchase.Id, new ClaraApiException(0, RejectionCodes.Unreachable, "Clara could not be reached."), actor, correlationId);
        }
        catch (Exception ex) when (ClaraWriteAnswers.LeavesOutcomeUnknown(ex))
        {
            LogUnknown(logger, purchase.Id, ex.GetType().Name, (ex as ClaraApiException)?.StatusCode, replay);
            return await RecordUnknownAsync(purchase.Id, ex, actor, correlationId, replay);
        }

        var revealed = new RevealedCard(issued.CardNumber, issued.Cvv, issued.ExpirationDate,
            issued.Last4 ?? issued.CardNumber[^4..], RevealedCard.BrandOf(issued.CardNumber));
        var purchaseAnswer = issued.ToPurchase();
        try
        {
            var change = await changes.ApplyAsync(purchase.Id, actor, correlationId, (row, now) =>
            {
                if (!row.IsAwaitingOutcome)
                {
                    return null; // another replay recorded the same card first
                }

                row.MarkIssued(purchaseAnswer.PurchaseId, revealed.Last4, BrandToStore(revealed.Brand), purchaseAnswer.Spent, purchaseAnswer.Available, now);
                return new CardAudit(AuditActions.Issued, new { Replay = replay });
            }, CancellationToken.None);
            if (change.Status != CardChangeStatus.Changed)
            {
                return new IssueCardResult.AlreadySubmitted(purchase.Id, change.Card?.Status ?? CardPurchaseStatus.Active);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Clara issued the card but the portal could not write it down (database locked, a constraint): keep the row
            // unsettled so the resolver replays the key and records the same card, and still show the card now.
            LogRecordFailed(logger, purchase.Id, purchaseAnswer.PurchaseId, ex.GetType().Name);
            var idTaken = await ClaraIdHeldByAnotherRowAsync(purchase.Id, purchaseAnswer.PurchaseId);
            await TryRecordUnknownAfterRecordFailureAsync(purchase.Id, actor, correlationId, ex, idTaken);
        }

        LogIssued(logger, purchase.Id, purchaseAnswer.PurchaseId, replay);
        return new IssueCardResult.Issued(purchase.Id, revealed);
    }

    /// <summary>The submit body, built only from the stored row: the first submit and every replay send the same bytes.</summary>
    public static SubmitPurchaseRequest ToSubmitRequest(CardPurchase purchase) => new(
        purchase.FundingCardId,
        purchase.TemplateId,
        purchase.SupplierId,
        Money.TwoDecimals(purchase.Amount),
        purchase.Currency,
        purchase.ValidFrom,
        purchase.ValidTo,
        purchase.Reference,
        JsonSerializer.Deserialize<List<CustomFieldValue>>(purchase.CustomFieldsJson, CustomFieldJson) ?? []);

    public static string SerializeCustomFields(IEnumerable<CustomFieldValue> fields) => JsonSerializer.Serialize(fields, CustomFieldJson);

    private async Task<IssueCardResult> RecordFailedAsync(Guid purchaseId, ClaraApiException ex, AuditActor actor, string correlationId)
    {
        var change = await changes.ApplyAsync(purchaseId, actor, correlationId, (row, now) =>
        {
            if (!row.IsAwaitingOutcome)
            {
                return null;
            }

            row.MarkFailed(Text.Truncate(ex.Code ?? ex.StatusCode.ToString(CultureInfo.InvariantCulture), 40), Text.Truncate(ex.ClaraMessage ?? ex.Message, 2000), now);
            return new CardAudit(AuditActions.IssueFailed, ex.Details);
        }, CancellationToken.None);
        return change.Status == CardChangeStatus.Changed
            ? new IssueCardResult.Rejected(purchaseId, ex.Code ?? RejectionCodes.Clara, ex.ClaraMessage ?? ex.Message, ClaraErrorMapping.ToFieldErrors(ex))
            : new IssueCardResult.AlreadySubmitted(purchaseId, change.Card?.Status ?? CardPurchaseStatus.Failed);
    }

    private async Task<IssueCardResult> RecordUnknownAsync(Guid purchaseId, Exception ex, AuditActor actor, string correlationId, bool replay)
    {
        var settings = options.Value;
        var change = await changes.ApplyAsync(purchaseId, actor, correlationId, (row, now) =>
        {
            if (!row.IsAwaitingOutcome)
            {
                return null;
            }

            var wasUnknown = row.Status == CardPurchaseStatus.OutcomeUnknown;
            if (!wasUnknown)
            {
                // The exception type only: messages of lower layers are not ours to vouch for.
                row.MarkOutcomeUnknown(ex.GetType().Name, now);
            }

            row.ScheduleResolve(settings.BackoffAfter(row.ResolveAttempts + (replay ? 1 : 0)), now, afterReplay: replay);
            return wasUnknown ? new CardAudit(AuditActions.OutcomeUnknown, new { Replay = replay, Still = true }) : new CardAudit(AuditActions.OutcomeUnknown);
        }, CancellationToken.None);
        return change.Status == CardChangeStatus.Changed || change.Card?.IsAwaitingOutcome == true
            ? new IssueCardResult.OutcomeUnknown(purchaseId)
            : new IssueCardResult.AlreadySubmitted(purchaseId, change.Card?.Status ?? CardPurchaseStatus.OutcomeUnknown);
    }

    /// <summary>
    /// True when Clara answered with an id another row already holds: Clara (or a sandbox that lost its state) handed it
    /// out again, so replaying cannot help and a person must look.
    /// </summary>
    private async Task<bool> ClaraIdHeldByAnotherRowAsync(Guid purchaseId, long claraPurchaseId)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            return await db.CardPurchases.AnyAsync(p => p.ClaraPurchaseId == claraPurchaseId && p.Id != purchaseId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task TryRecordUnknownAfterRecordFailureAsync(Guid purchaseId, AuditActor actor, string correlationId, Exception recordFailure, bool idTaken)
    {
        try
        {
            await changes.ApplyAsync(purchaseId, actor, correlationId, (row, now) =>
            {
                if (!row.IsAwaitingOutcome)
                {
                    return null;
                }

                if (row.Status == CardPurchaseStatus.Requested)
                {
                    row.MarkOutcomeUnknown("IssuedButNotRecorded", now);
                }

                if (idTaken)
                {
                    row.FlagNeedsAttention(AttentionReasons.ClaraIdTaken, now);
                    return new CardAudit(AuditActions.NeedsAttention, new { Reason = "Clara id already held by another row" });
                }

                row.ScheduleResolve(options.Value.FirstReplayAfter, now);
                return new CardAudit(AuditActions.OutcomeUnknown, new { Reason = "issued by Clara, recording failed", Error = recordFailure.GetType().Name });
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Still Requested with its resolve time set when it was recorded: the resolver finds it either way.
            LogRecordFailed(logger, purchaseId, null, ex.GetType().Name);
        }
    }

    /// <summary>The brand as stored: a known brand name (never digits of the number), or null when it cannot be told.</summary>
    internal static string? BrandToStore(string brand) =>
        string.IsNullOrWhiteSpace(brand) || brand == RevealedCard.UnknownBrand ? null : Text.Truncate(brand, 20);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card purchase {PurchaseId} issued as Clara purchase {ClaraPurchaseId} (replay: {Replay})")]
    private static partial void LogIssued(ILogger logger, Guid purchaseId, long claraPurchaseId, bool replay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clara refused card purchase {PurchaseId}: {StatusCode} {Code} (replay: {Replay})")]
    private static partial void LogRefused(ILogger logger, Guid purchaseId, int statusCode, string? code, bool replay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card purchase {PurchaseId} was not sent: Clara could not be reached ({Error})")]
    private static partial void LogNotSent(ILogger logger, Guid purchaseId, HttpRequestError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outcome of card purchase {PurchaseId} is unknown ({ExceptionType}, status {StatusCode}, replay: {Replay}); it will be replayed with its key")]
    private static partial void LogUnknown(ILogger logger, Guid purchaseId, string exceptionType, int? statusCode, bool replay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Clara answered card purchase {PurchaseId} (Clara purchase {ClaraPurchaseId}) but recording it failed ({ExceptionType}); left for the resolver")]
    private static partial void LogRecordFailed(ILogger logger, Guid purchaseId, long? claraPurchaseId, string exceptionType);
}
