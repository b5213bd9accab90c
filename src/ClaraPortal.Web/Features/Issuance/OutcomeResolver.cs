using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>What one pass of the resolver did.</summary>
public sealed record ResolverPass(int Looked, int Settled, int StillUnknown, int NeedsAttention);

/// <summary>
/// Settles writes whose outcome the portal does not know: submits left Requested or OutcomeUnknown, and updates and
/// cancels sent without a recorded answer. Each is replayed with its own Idempotency-Key and body, so Clara answers the
/// first outcome and never acts twice, for as long as Clara keeps the key (<see cref="OutcomeResolverOptions.ReplayWindow"/>);
/// a row older than that is flagged for a person ("Needs attention") instead. Used by "Check again" on a card and by the
/// background <see cref="OutcomeResolverService"/>.
/// </summary>
public sealed partial class OutcomeResolver(
    IDbContextFactory<PortalDbContext> contexts,
    ICurrentUser currentUser,
    ClaraSubmission submission,
    CardUpdater updater,
    CardCanceller canceller,
    CardChanges changes,
    TimeProvider time,
    IOptions<OutcomeResolverOptions> options,
    ILogger<OutcomeResolver> logger)
{
    public static readonly AuditActor SystemActor = new("system:outcome-resolver", "Outcome resolver");

    /// <summary>"Check again": the card's issuer (or an Admin) asks now for the outcome of a submit.</summary>
    public async Task<IssueCardResult> CheckAgainAsync(Guid cardPurchaseId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        var purchase = await LoadAsync(cardPurchaseId, ct) ?? throw new KeyNotFoundException($"Card purchase {cardPurchaseId} does not exist.");
        CardAccess.DemandOwnerOrAdmin(purchase, user);
        if (!purchase.IsAwaitingOutcome)
        {
            return new IssueCardResult.AlreadySubmitted(purchase.Id, purchase.Status);
        }

        if (time.GetUtcNow() - purchase.CreatedAt > OutcomeResolverOptions.ReplayWindow)
        {
            // Clara may have forgotten the key: a replay could be a second card. A person checks (the row is flagged).
            LogReplayWindowPassed(logger, purchase.Id);
            return new IssueCardResult.OutcomeUnknown(purchase.Id);
        }

        return await ResolveSubmitAsync(purchase, AuditActor.From(user)).WaitAsync(ct);
    }

    /// <summary>
    /// One pass over the rows that are due (oldest first, at most <see cref="OutcomeResolverOptions.BatchSize"/>).
    /// <paramref name="ignoreSchedule"/> replays every unsettled row now (a fault run settling everything at the end).
    /// </summary>
    public async Task<ResolverPass> ResolveDueAsync(bool ignoreSchedule = false, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        List<CardPurchase> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            // Every unsettled row carries NextResolveAt (indexed), so this is the whole query.
            var query = db.CardPurchases.AsNoTracking().Where(p => p.NextResolveAt != null);
            if (!ignoreSchedule)
            {
                query = query.Where(p => p.NextResolveAt <= now);
            }

            due = await query.OrderBy(p => p.NextResolveAt).Take(options.Value.BatchSize).ToListAsync(ct);
        }

        int settled = 0, unknown = 0, attention = 0;
        var replayedCancelKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in due)
        {
            ct.ThrowIfCancellationRequested();
            var outcome = await ResolveRowAsync(row, replayedCancelKeys, now);
            switch (outcome)
            {
                case RowOutcome.Settled: settled++; break;
                case RowOutcome.Unknown: unknown++; break;
                case RowOutcome.NeedsAttention: attention++; break;
            }
        }

        if (due.Count > 0)
        {
            LogPass(logger, due.Count, settled, unknown, attention);
        }

        return new ResolverPass(due.Count, settled, unknown, attention);
    }

    private async Task<RowOutcome> ResolveRowAsync(CardPurchase row, HashSet<string> replayedCancelKeys, DateTimeOffset now)
    {
        try
        {
            if (row.IsAwaitingOutcome)
            {
                if (now - row.CreatedAt > OutcomeResolverOptions.ReplayWindow)
                {
                    return await FlagAsync(row, AttentionReasons.SubmitKeyExpired);
                }

                var result = await ResolveSubmitAsync(row, SystemActor);
                return result is IssueCardResult.OutcomeUnknown ? RowOutcome.Unknown : RowOutcome.Settled;
            }

            if (row.PendingWrite is { } kind && row.PendingWriteKey is { } key)
            {
                if (row.PendingWriteAt is { } sentAt && now - sentAt > OutcomeResolverOptions.ReplayWindow)
                {
                    return await FlagAsync(row, kind == CardWriteKind.Update ? AttentionReasons.UpdateKeyExpired : AttentionReasons.CancelKeyExpired);
                }

                if (kind == CardWriteKind.Cancel)
                {
                    // One replay per batch: every row of the batch holds the same key.
                    return !replayedCancelKeys.Add(key) || await canceller.ReplayAsync(key, SystemActor) ? RowOutcome.Settled : RowOutcome.Unknown;
                }

                return await updater.ReplayAsync(row, SystemActor) ? RowOutcome.Settled : RowOutcome.Unknown;
            }

            return RowOutcome.Settled; // settled by another call since the query read it
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One row must not stop the pass; it stays scheduled and is tried again later.
            LogRowFailed(logger, row.Id, ex.GetType().Name);
            await TryPostponeAsync(row.Id);
            return RowOutcome.Unknown;
        }
    }

    private Task<IssueCardResult> ResolveSubmitAsync(CardPurchase purchase, AuditActor actor)
    {
        LogResolving(logger, purchase.Id);
        return submission.SubmitAsync(purchase, actor, AuditTrail.NewCorrelationId(), replay: true);
    }

    private async Task<RowOutcome> FlagAsync(CardPurchase row, string reason)
    {
        await changes.ApplyAsync(row.Id, SystemActor, AuditTrail.NewCorrelationId(), (fresh, now) =>
        {
            if (!fresh.IsUnsettled || fresh.NeedsAttentionAt is not null)
            {
                return null;
            }

            fresh.FlagNeedsAttention(reason, now);
            return new CardAudit(AuditActions.NeedsAttention); // the snapshot carries the reason
        }, CancellationToken.None);
        LogNeedsAttention(logger, row.Id);
        return RowOutcome.NeedsAttention;
    }

    private async Task TryPostponeAsync(Guid id)
    {
        try
        {
            await changes.ApplyAsync(id, SystemActor, AuditTrail.NewCorrelationId(), (fresh, now) =>
            {
                if (fresh.NextResolveAt is not null)
                {
                    fresh.ScheduleResolve(options.Value.BackoffAfter(fresh.ResolveAttempts + 1), now, afterReplay: true);
                }

                return null;
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRowFailed(logger, id, ex.GetType().Name);
        }
    }

    private async Task<CardPurchase?> LoadAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    private enum RowOutcome
    {
        Settled,
        Unknown,
        NeedsAttention,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resolving the unknown outcome of card purchase {PurchaseId} by replaying its Idempotency-Key")]
    private static partial void LogResolving(ILogger logger, Guid purchaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card purchase {PurchaseId} is older than Clara keeps idempotency keys: not replayed, needs a manual check in Clara")]
    private static partial void LogReplayWindowPassed(ILogger logger, Guid purchaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card purchase {PurchaseId} needs attention: its outcome can no longer be replayed")]
    private static partial void LogNeedsAttention(ILogger logger, Guid purchaseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resolving card purchase {PurchaseId} failed ({ExceptionType}); it stays scheduled")]
    private static partial void LogRowFailed(ILogger logger, Guid purchaseId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outcome resolver: {Looked} row(s) looked at, {Settled} settled, {Unknown} still unknown, {Attention} need attention")]
    private static partial void LogPass(ILogger logger, int looked, int settled, int unknown, int attention);
}
