using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Data;

/// <summary>The audit event a change to a card writes: its action and, beside the before/after snapshots, any details.</summary>
public sealed record CardAudit(string Action, object? Details = null);

public enum CardChangeStatus
{
    Changed,

    /// <summary>The change looked at the row and left it as it was (e.g. already recorded by another call).</summary>
    Unchanged,

    NotFound,

    /// <summary>The row changed since the caller read it (<c>expectedStamp</c> no longer matches).</summary>
    Stale,
}

/// <summary>What <see cref="CardChanges"/> did, with the row as it is now (detached), when there is one.</summary>
public sealed record CardChange(CardChangeStatus Status, CardPurchase? Card);

/// <summary>
/// The one way a card purchase row changes: open a context, begin a transaction (SQLite's write lock, taken at once),
/// load, change through the entity's transitions, append the audit event, save, commit. The state change and its audit
/// event commit together or not at all, and a concurrent writer is either serialized behind this one or detected by the
/// concurrency stamp (then the change is tried again on the fresh row).
/// </summary>
public sealed class CardChanges(IDbContextFactory<PortalDbContext> contexts, AuditTrail auditTrail, TimeProvider time)
{
    private const int Attempts = 3;

    public const string EntityType = "CardPurchase";

    /// <summary>Inserts a new row with its audit event.</summary>
    public async Task AddAsync(CardPurchase purchase, AuditActor actor, string correlationId, string action, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.CardPurchases.Add(purchase);
        await auditTrail.AppendAsync(db, actor, new AuditEntry(action, EntityType, purchase.Id.ToString(), After: CardSnapshot.Of(purchase)), correlationId, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to one row. It returns the audit event to write, or null for a change that is
    /// bookkeeping only (a new resolve time) or none at all; whatever it changed is saved either way. With
    /// <paramref name="expectedStamp"/>, a row changed since the caller read it is not touched (Stale).
    /// Transition errors from the entity propagate; nothing is saved then.
    /// </summary>
    public async Task<CardChange> ApplyAsync(
        Guid cardId, AuditActor actor, string correlationId, Func<CardPurchase, DateTimeOffset, CardAudit?> change,
        CancellationToken ct, Guid? expectedStamp = null)
    {
        var outcome = await ApplyManyAsync([cardId], actor, correlationId, change, ct, expectedStamp);
        return outcome.Count == 0 ? new CardChange(CardChangeStatus.NotFound, null) : outcome[0];
    }

    /// <summary>Applies <paramref name="change"/> to each row in one transaction; rows that do not exist are left out of the answer.</summary>
    public async Task<IReadOnlyList<CardChange>> ApplyManyAsync(
        IReadOnlyCollection<Guid> cardIds, AuditActor actor, string correlationId, Func<CardPurchase, DateTimeOffset, CardAudit?> change,
        CancellationToken ct, Guid? expectedStamp = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryApplyAsync(cardIds, actor, correlationId, change, expectedStamp, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts && expectedStamp is null)
            {
                // Another writer got there first (possible on providers without SQLite's write lock): decide again on the fresh row.
            }
            catch (DbUpdateConcurrencyException) when (expectedStamp is not null)
            {
                return await StaleAsync(cardIds, ct);
            }
        }
    }

    private async Task<IReadOnlyList<CardChange>> TryApplyAsync(
        IReadOnlyCollection<Guid> cardIds, AuditActor actor, string correlationId, Func<CardPurchase, DateTimeOffset, CardAudit?> change,
        Guid? expectedStamp, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One card (the common case) is a plain key lookup; a batch reads its rows in one query.
        var rows = cardIds.Count == 1 && cardIds.First() is var only
            ? await db.CardPurchases.Where(p => p.Id == only).ToListAsync(ct)
            : await db.CardPurchases.Where(p => cardIds.Contains(p.Id)).ToListAsync(ct);
        var results = new List<CardChange>(rows.Count);
        var now = time.GetUtcNow();
        foreach (var row in rows.OrderBy(r => r.ClaraPurchaseId).ThenBy(r => r.Id))
        {
            if (expectedStamp is { } stamp && row.ConcurrencyStamp != stamp)
            {
                results.Add(new(CardChangeStatus.Stale, row));
                continue;
            }

            var before = CardSnapshot.Of(row);
            if (change(row, now) is not { } audit)
            {
                results.Add(new(CardChangeStatus.Unchanged, row));
                continue;
            }

            object after = audit.Details is null ? CardSnapshot.Of(row) : new { Snapshot = CardSnapshot.Of(row), audit.Details };
            await auditTrail.AppendAsync(db, actor, new AuditEntry(audit.Action, EntityType, row.Id.ToString(), before, after), correlationId, ct);
            results.Add(new(CardChangeStatus.Changed, row));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return results;
    }

    private async Task<IReadOnlyList<CardChange>> StaleAsync(IReadOnlyCollection<Guid> cardIds, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.CardPurchases.AsNoTracking().Where(p => cardIds.Contains(p.Id)).ToListAsync(ct);
        return [.. rows.Select(r => new CardChange(CardChangeStatus.Stale, r))];
    }
}

/// <summary>A card purchase as the audit trail records it: everything but card data (there is none on the row).</summary>
public sealed record CardSnapshot(
    string Status, long? ClaraPurchaseId, long TemplateId, long FundingCardId, long SupplierId, decimal Amount, string Currency,
    decimal? Spent, decimal? Available, DateOnly ValidFrom, DateOnly ValidTo, string? Reference, string? Last4, string? Brand, string? FailureCode,
    string? CancelReason, string? PendingWrite, string? NeedsAttention)
{
    public static CardSnapshot Of(CardPurchase p) => new(
        p.Status.ToString(), p.ClaraPurchaseId, p.TemplateId, p.FundingCardId, p.SupplierId, p.Amount, p.Currency,
        p.Spent, p.Available, p.ValidFrom, p.ValidTo, p.Reference, p.Last4, p.Brand, p.FailureCode, p.CancelReason,
        p.PendingWrite?.ToString(), p.NeedsAttentionReason);
}
