using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Catalog;

public enum SupplierSort
{
    Name,
    TaxId,
    Mcc,
    Country,
}

/// <summary>A page of the supplier list: free text over name, tax id and MCC, then sort and page.</summary>
public sealed record SupplierQuery(string? Search = null, int Skip = 0, int Take = 25, SupplierSort SortBy = SupplierSort.Name, bool Descending = false);

public sealed record SupplierPage(IReadOnlyList<Supplier> Items, int TotalCount);

/// <summary>The latest sync run, and the latest successful one (they differ after a failure).</summary>
public sealed record CatalogSyncStatus(CatalogSyncRun? Latest, CatalogSyncRun? LastSucceeded);

/// <summary>Reads the cached catalog (no call to Clara). Any signed-in user may read it.</summary>
public sealed class CatalogQueries(IDbContextFactory<PortalDbContext> contextFactory, ICurrentUser currentUser)
{
    public const int MaxPageSize = 200;

    public const int MaxSearchLength = 100;

    /// <summary>The text with unpaired surrogates made U+FFFD (what UTF-8 does with them), so normalizing cannot throw.</summary>
    private static string? ValidText(string? text) =>
        text is null ? null : System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text));

    public async Task<IReadOnlyList<FundingCard>> GetFundingCardsAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewCatalog, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.FundingCards.AsNoTracking().Where(c => c.RemovedAt == null).OrderBy(c => c.Alias).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CardTemplate>> GetTemplatesAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewCatalog, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.CardTemplates.AsNoTracking().Where(t => t.RemovedAt == null).OrderBy(t => t.Name).ToListAsync(cancellationToken);
    }

    public async Task<SupplierPage> SearchSuppliersAsync(SupplierQuery query, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewCatalog, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var suppliers = db.Suppliers.AsNoTracking().Where(s => s.RemovedAt == null);
        // No name is longer than this: a longer search is cut rather than handed to LIKE, whose pattern has a size limit
        // (a pasted megabyte fails in SQLite as "pattern too complex"). Normalized after the cut: a lone surrogate in a
        // paste is not text, so it becomes U+FFFD rather than an exception.
        var search = CatalogSearch.Normalize(ValidText(query.Search is { Length: > MaxSearchLength } text ? text[..MaxSearchLength] : query.Search));
        if (search.Length > 0)
        {
            var pattern = $"%{CatalogSearch.EscapeLike(search)}%";
            suppliers = suppliers.Where(s => EF.Functions.Like(s.SearchText, pattern, "\\"));
        }

        var total = await suppliers.CountAsync(cancellationToken);
        var items = await Sort(suppliers, query.SortBy, query.Descending)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaxPageSize))
            .ToListAsync(cancellationToken);
        return new SupplierPage(items, total);
    }

    /// <summary>A supplier by its Clara id, also one removed from the catalog since (history filters by the suppliers cards were issued for).</summary>
    public async Task<Supplier?> FindSupplierAsync(long claraId, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewCatalog, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.ClaraId == claraId, cancellationToken);
    }

    public async Task<CatalogSyncStatus> GetSyncStatusAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewCatalog, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = db.CatalogSyncRuns.AsNoTracking().Where(r => r.Outcome != CatalogSyncOutcome.Running).OrderByDescending(r => r.Id);
        var latest = await runs.FirstOrDefaultAsync(cancellationToken);
        var succeeded = latest?.Outcome == CatalogSyncOutcome.Succeeded
            ? latest
            : await runs.FirstOrDefaultAsync(r => r.Outcome == CatalogSyncOutcome.Succeeded, cancellationToken);
        return new CatalogSyncStatus(latest, succeeded);
    }

    // Id breaks ties so paging is stable when names repeat.
    private static IOrderedQueryable<Supplier> Sort(IQueryable<Supplier> suppliers, SupplierSort sortBy, bool descending) => (sortBy, descending) switch
    {
        (SupplierSort.TaxId, false) => suppliers.OrderBy(s => s.TaxId).ThenBy(s => s.ClaraId),
        (SupplierSort.TaxId, true) => suppliers.OrderByDescending(s => s.TaxId).ThenBy(s => s.ClaraId),
        (SupplierSort.Mcc, false) => suppliers.OrderBy(s => s.Mcc).ThenBy(s => s.Name).ThenBy(s => s.ClaraId),
        (SupplierSort.Mcc, true) => suppliers.OrderByDescending(s => s.Mcc).ThenBy(s => s.Name).ThenBy(s => s.ClaraId),
        (SupplierSort.Country, false) => suppliers.OrderBy(s => s.Country).ThenBy(s => s.Name).ThenBy(s => s.ClaraId),
        (SupplierSort.Country, true) => suppliers.OrderByDescending(s => s.Country).ThenBy(s => s.Name).ThenBy(s => s.ClaraId),
        (_, false) => suppliers.OrderBy(s => s.Name).ThenBy(s => s.ClaraId),
        (_, true) => suppliers.OrderByDescending(s => s.Name).ThenBy(s => s.ClaraId),
    };
}
