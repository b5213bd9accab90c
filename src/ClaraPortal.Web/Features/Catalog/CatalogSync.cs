using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Data.Entities;
using FundingCard = ClaraPortal.Web.Data.Entities.FundingCard;
using CardTemplate = ClaraPortal.Web.Data.Entities.CardTemplate;
using Supplier = ClaraPortal.Web.Data.Entities.Supplier;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ClaraPortal.Web.Features.Catalog;

/// <summary>What one sync did; <see cref="Message"/> says why when it failed.</summary>
public sealed record CatalogSyncResult(bool Succeeded, DateTimeOffset CompletedAt, int Added, int Updated, int Removed, string? Message);

/// <summary>
/// Refreshes the local catalog cache (funding cards, templates, suppliers) from Clara in one
/// transaction, and records each run. Entries Clara no longer returns are marked removed, not deleted.
/// </summary>
public sealed partial class CatalogSync(
    IDbContextFactory<PortalDbContext> contextFactory,
    IClaraClient clara,
    ICurrentUser currentUser,
    CatalogSyncGate gate,
    TimeProvider time,
    ILogger<CatalogSync> logger)
{
    /// <summary>"Sync now" from the UI: Issuer or Admin only.</summary>
    public async Task<CatalogSyncResult> SyncNowAsync(CancellationToken cancellationToken = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanSyncCatalog, cancellationToken);
        return await SyncAsync(user.Subject, cancellationToken);
    }

    /// <summary>The sync itself, for callers that already checked who asks (or the system).</summary>
    internal async Task<CatalogSyncResult> SyncAsync(string requestedBy, CancellationToken cancellationToken)
    {
        // One sync at a time in this process: two overlapping upserts would both insert the same new ids.
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await SyncExclusiveAsync(requestedBy, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<CatalogSyncResult> SyncExclusiveAsync(string requestedBy, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = new CatalogSyncRun { Scope = nameof(CatalogDetail.All), StartedAt = time.GetUtcNow(), RequestedBy = requestedBy };
        db.CatalogSyncRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        ClaraCatalog catalog;
        try
        {
            catalog = await clara.GetCatalogAsync(CatalogDetail.All, cancellationToken);
        }
        catch (Exception ex) when (ex is ClaraApiException or HttpRequestException or TimeoutException or System.Text.Json.JsonException)
        {
            // Recorded and shown to the user; the cache keeps its previous contents. An answer we cannot
            // read (JsonException) is a failed sync like Clara being down, not a crash of the caller.
            LogSyncFailed(logger, ex);
            // Stored for every later reader in their own language: a key, or Clara's own words (never ex.Message).
            return await FinishAsync(db, run, CatalogSyncOutcome.Failed, UserMessages.ToStored(ex), cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var counts = new Counts();
        await UpsertAsync(db, db.FundingCards, catalog.Rcns, r => r.Id, id => new FundingCard { ClaraId = id, Alias = "" }, CatalogMapping.Apply, now, counts, cancellationToken);
        await UpsertAsync(db, db.CardTemplates, catalog.Templates, t => t.Id, id => new CardTemplate { ClaraId = id, Name = "" }, CatalogMapping.Apply, now, counts, cancellationToken);
        await UpsertAsync(db, db.Suppliers, catalog.Suppliers, s => s.Id, id => new Supplier { ClaraId = id, Name = "" }, CatalogMapping.Apply, now, counts, cancellationToken);
        run.FundingCards = catalog.Rcns.Count;
        run.Templates = catalog.Templates.Count;
        run.Suppliers = catalog.Suppliers.Count;
        run.Added = counts.Added;
        run.Updated = counts.Updated;
        run.Removed = counts.Removed;
        var result = await FinishAsync(db, run, CatalogSyncOutcome.Succeeded, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSynced(logger, run.FundingCards, run.Templates, run.Suppliers, run.Added, run.Updated, run.Removed);
        return result;
    }

    private async Task<CatalogSyncResult> FinishAsync(PortalDbContext db, CatalogSyncRun run, CatalogSyncOutcome outcome, string? message, CancellationToken cancellationToken)
    {
        run.Outcome = outcome;
        run.Message = message is { Length: > 2000 } ? message[..2000] : message;
        run.CompletedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new CatalogSyncResult(outcome == CatalogSyncOutcome.Succeeded, run.CompletedAt.Value, run.Added, run.Updated, run.Removed, run.Message);
    }

    private static async Task UpsertAsync<TEntity, TSource>(
        PortalDbContext db,
        DbSet<TEntity> set,
        IReadOnlyList<TSource> incoming,
        Func<TSource, long> idOf,
        Func<long, TEntity> create,
        Action<TEntity, TSource> apply,
        DateTimeOffset now,
        Counts counts,
        CancellationToken cancellationToken)
        where TEntity : class, ICatalogEntry
    {
        var existing = await set.ToDictionaryAsync(e => e.ClaraId, cancellationToken);
        var seen = new HashSet<long>();
        foreach (var source in incoming)
        {
            var id = idOf(source);
            if (!seen.Add(id))
            {
                continue; // a duplicate id in Clara's answer: the first one wins
            }

            if (existing.TryGetValue(id, out var entity))
            {
                apply(entity, source);
                entity.RemovedAt = null;
                if (HasContentChanges(db.Entry(entity)))
                {
                    counts.Updated++;
                }
            }
            else
            {
                entity = create(id);
                apply(entity, source);
                set.Add(entity);
                counts.Added++;
            }

            entity.LastSyncedAt = now;
        }

        foreach (var gone in existing.Values.Where(e => !seen.Contains(e.ClaraId) && e.RemovedAt is null))
        {
            gone.RemovedAt = now;
            counts.Removed++;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Changed beyond the sync bookkeeping (a new LastSyncedAt alone is not an update).</summary>
    private static bool HasContentChanges(EntityEntry entry)
    {
        entry.DetectChanges();
        return entry.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(ICatalogEntry.LastSyncedAt));
    }

    private sealed class Counts
    {
        public int Added { get; set; }

        public int Updated { get; set; }

        public int Removed { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog sync failed; the cache keeps its previous contents")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Catalog synced: {FundingCards} funding cards, {Templates} templates, {Suppliers} suppliers ({Added} added, {Updated} updated, {Removed} removed)")]
    private static partial void LogSynced(ILogger logger, int fundingCards, int templates, int suppliers, int added, int updated, int removed);
}
