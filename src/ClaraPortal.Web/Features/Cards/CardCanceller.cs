using System.Data.Common;
using System.Text.Json;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// Cancels cards at Clara in batches of <see cref="BatchSize"/>. Each batch is claimed on its rows with one
/// Idempotency-Key before it is sent (ids in a fixed order, so a replay sends the same body), and each card's answer is
/// recorded; a batch Clara did not answer is replayed by the <see cref="OutcomeResolver"/>.
/// </summary>
public sealed partial class CardCanceller(
    IDbContextFactory<PortalDbContext> contexts,
    ICurrentUser currentUser,
    IssueCardRules rules,
    CardChanges changes,
    IClaraClient clara,
    IOptions<OutcomeResolverOptions> resolverOptions,
    ILogger<CardCanceller> logger)
{
    /// <summary>Clara cancels at most this many cards per call.</summary>
    public const int BatchSize = ClaraClient.MaxCancelBatch;

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// One result per distinct id. Cards of other issuers are refused without telling anything about them (not even
    /// their last four digits). A card whose issue is still unconfirmed cannot be cancelled until it is settled.
    /// </summary>
    public async Task<IReadOnlyList<CardCancelResult>> CancelAsync(IReadOnlyList<Guid> cardPurchaseIds, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cardPurchaseIds);
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        reason = WriteReasons.Require(reason, IssueCardRules.CancelReasonMaxLength, "cancel");

        var ids = cardPurchaseIds.Distinct().ToList();
        Dictionary<Guid, CardPurchase> cards;
        await using (var db = await contexts.CreateDbContextAsync(ct))
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
            else if (!CardAccess.IsOwnerOrAdmin(card, user))
            {
                results[id] = new(id, null, CardCancelStatus.Failed, rules.Message("Cancel.Result.NotYours"));
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

        var actor = AuditActor.From(user);
        foreach (var batch in toSend.OrderBy(c => c.ClaraPurchaseId).Chunk(BatchSize))
        {
            // Not tied to the caller: once claimed, a batch's answer is recorded even if the page goes away.
            foreach (var result in await CancelBatchAsync(batch, reason, actor).WaitAsync(ct))
            {
                results[result.CardPurchaseId] = result;
            }
        }

        return [.. ids.Select(id => results[id])];
    }

    /// <summary>Replays the cancel batch that holds <paramref name="key"/>; true when that settled it.</summary>
    internal async Task<bool> ReplayAsync(string key, AuditActor actor)
    {
        List<CardPurchase> batch;
        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            batch = await db.CardPurchases.AsNoTracking()
                .Where(p => p.PendingWriteKey == key && p.PendingWrite == CardWriteKind.Cancel)
                .ToListAsync(CancellationToken.None);
        }

        if (batch.Count == 0)
        {
            return true;
        }

        var body = JsonSerializer.Deserialize<CancelPayload>(batch[0].PendingWriteJson!, PayloadJson)!;
        var answer = await SendAsync(body, key, actor, AuditTrail.NewCorrelationId(), replay: true);
        return !answer.Unknown;
    }

    private async Task<IReadOnlyList<CardCancelResult>> CancelBatchAsync(CardPurchase[] batch, string reason, AuditActor actor)
    {
        var key = Guid.NewGuid().ToString("N");
        var correlationId = AuditTrail.NewCorrelationId();
        // The body names every card of the batch in one order; stored on each row so a replay rebuilds the same bytes.
        var body = new CancelPayload([.. batch.Select(c => c.ClaraPurchaseId!.Value)], reason);
        var json = JsonSerializer.Serialize(body, PayloadJson);
        var claimed = await changes.ApplyManyAsync([.. batch.Select(c => c.Id)], actor, correlationId, (row, now) =>
        {
            if (row.Status == CardPurchaseStatus.Cancelled)
            {
                return null;
            }

            row.BeginWrite(CardWriteKind.Cancel, key, json, now);
            row.ScheduleResolve(resolverOptions.Value.FirstReplayAfter, now);
            return new CardAudit(AuditActions.CancelSent, new { IdempotencyKey = key, Reason = reason });
        }, CancellationToken.None);

        var answer = await SendAsync(body, key, actor, correlationId, replay: false);
        var byClaraId = claimed.Where(c => c.Card is not null).ToDictionary(c => c.Card!.ClaraPurchaseId!.Value, c => c.Card!);
        return [.. batch.Select(card => ToResult(card, answer, byClaraId.GetValueOrDefault(card.ClaraPurchaseId!.Value)))];
    }

    private CardCancelResult ToResult(CardPurchase card, BatchAnswer answer, CardPurchase? claimedRow)
    {
        if (answer.Unknown)
        {
            // Sent, and maybe done: never "failed". The rows keep their key and the resolver settles them.
            return new(card.Id, card.Last4, CardCancelStatus.Unconfirmed, rules.Message("Cancel.Result.Unconfirmed"));
        }

        if (answer.RefusedBecause is { } refusal)
        {
            return new(card.Id, card.Last4, CardCancelStatus.Failed, refusal);
        }

        var outcome = answer.Outcomes!.GetValueOrDefault(card.ClaraPurchaseId!.Value);
        if (claimedRow?.Status == CardPurchaseStatus.Cancelled && outcome is null)
        {
            return new(card.Id, card.Last4, CardCancelStatus.AlreadyCancelled, null);
        }

        return outcome?.Status switch
        {
            CancelStatus.Cancelled => new(card.Id, card.Last4, CardCancelStatus.Cancelled, null),
            CancelStatus.AlreadyCancelled => new(card.Id, card.Last4, CardCancelStatus.AlreadyCancelled, null),
            CancelStatus.NotFound => new(card.Id, card.Last4, CardCancelStatus.NotFound, outcome.Message),
            { } => new(card.Id, card.Last4, CardCancelStatus.Failed, outcome.Message ?? rules.Message("Cancel.Result.NoAnswer")),
            null => new(card.Id, card.Last4, CardCancelStatus.Failed, rules.Message("Cancel.Result.NoAnswer")),
        };
    }

    /// <summary>Sends one batch and records each card's answer; an unknown answer leaves the batch pending for the resolver.</summary>
    private async Task<BatchAnswer> SendAsync(CancelPayload body, string key, AuditActor actor, string correlationId, bool replay)
    {
        CancelPurchasesResult answer;
        try
        {
            answer = await clara.CancelAsync(body.PurchaseIds, body.Reason, key, CancellationToken.None);
        }
        catch (ClaraApiException ex) when (ClaraWriteAnswers.SettlesAsRefusal(ex, replay))
        {
            // Clara did not act on the batch: release the cards so the user can try again.
            LogBatchRefused(logger, body.PurchaseIds.Count, ex.StatusCode, ex.Code, replay);
            await RecordAsync(key, actor, correlationId, (row, now) =>
            {
                row.AbandonWrite(now);
                return new CardAudit(AuditActions.CancelFailed, new { ex.StatusCode, ex.Code });
            });
            return new BatchAnswer(null, ex.ClaraMessage ?? ex.Code ?? rules.Message("Cancel.Result.NoAnswer"));
        }
        catch (Exception ex) when (ClaraWriteAnswers.LeavesOutcomeUnknown(ex))
        {
            LogBatchUnknown(logger, body.PurchaseIds.Count, ex.GetType().Name, replay);
            var settings = resolverOptions.Value;
            await RecordAsync(key, actor, correlationId, (row, now) =>
            {
                row.ScheduleResolve(settings.BackoffAfter(row.ResolveAttempts + (replay ? 1 : 0)), now, afterReplay: replay);
                return null;
            });
            return new BatchAnswer(null, null);
        }

        var outcomes = answer.Results.GroupBy(r => r.PurchaseId).ToDictionary(g => g.Key, g => g.Last());
        var reason = body.Reason;
        await RecordAsync(key, actor, correlationId, (row, now) =>
        {
            var outcome = outcomes.GetValueOrDefault(row.ClaraPurchaseId!.Value);
            switch (outcome?.Status)
            {
                case CancelStatus.Cancelled or CancelStatus.AlreadyCancelled:
                    return row.Cancel(reason, now)
                        ? new CardAudit(AuditActions.Cancelled, new { AlreadyCancelledAtClara = outcome.Status == CancelStatus.AlreadyCancelled, Replay = replay })
                        : null;
                default:
                    // NOT_FOUND, FAILED, or left out of the answer: Clara did not cancel it; the card is as it was.
                    row.AbandonWrite(now);
                    return new CardAudit(AuditActions.CancelFailed, new { Status = outcome?.Status.ToString() ?? "MISSING", outcome?.Message });
            }
        });
        var cancelledCount = outcomes.Values.Count(o => o.Status is CancelStatus.Cancelled or CancelStatus.AlreadyCancelled);
        LogBatchAnswered(logger, body.PurchaseIds.Count, cancelledCount);
        return new BatchAnswer(outcomes, null);
    }

    /// <summary>Records on the rows still holding <paramref name="key"/> (a row cancelled or claimed again since is left alone).</summary>
    private async Task RecordAsync(string key, AuditActor actor, string correlationId, Func<CardPurchase, DateTimeOffset, CardAudit?> change)
    {
        try
        {
            List<Guid> ids;
            await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
            {
                ids = await db.CardPurchases.AsNoTracking().Where(p => p.PendingWriteKey == key).Select(p => p.Id).ToListAsync(CancellationToken.None);
            }

            await changes.ApplyManyAsync(ids, actor, correlationId, (row, now) =>
                row.PendingWrite == CardWriteKind.Cancel && row.PendingWriteKey == key ? change(row, now) : null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException)
        {
            // The rows keep their key and resolve time: the resolver replays the batch and records it then.
            LogRecordFailed(logger, ex.GetType().Name);
        }
    }

    private sealed record CancelPayload(IReadOnlyList<long> PurchaseIds, string Reason);

    /// <summary>Clara's per-card answers; or its refusal of the whole batch; or neither: the outcome is unknown.</summary>
    private sealed record BatchAnswer(Dictionary<long, CancelOutcome>? Outcomes, string? RefusedBecause)
    {
        public bool Unknown => Outcomes is null && RefusedBecause is null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clara refused a cancel batch of {Count} card(s): {StatusCode} {Code} (replay: {Replay})")]
    private static partial void LogBatchRefused(ILogger logger, int count, int statusCode, string? code, bool replay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outcome of a cancel batch of {Count} card(s) is unknown ({ExceptionType}, replay: {Replay}); it will be replayed with its key")]
    private static partial void LogBatchUnknown(ILogger logger, int count, string exceptionType, bool replay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clara answered a cancel batch of {Count} card(s): {Cancelled} cancelled")]
    private static partial void LogBatchAnswered(ILogger logger, int count, int cancelled);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording Clara's answer to a cancel batch failed ({ExceptionType}); left for the resolver")]
    private static partial void LogRecordFailed(ILogger logger, string exceptionType);
}
