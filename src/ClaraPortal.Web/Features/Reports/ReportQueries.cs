using System.Runtime.CompilerServices;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>A report in the list and at the top of its page.</summary>
public sealed record ReportSummary(
    Guid Id,
    ReportKind Kind,
    DateOnly From,
    DateOnly To,
    ReportState State,
    decimal Progress,
    int? TotalRows,
    int FetchedRows,
    int? Purchases,
    int? Unmatched,
    int? OverLimit,
    string RequestedBy,
    string RequestedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? FailureCode,
    string? FailureMessage)
{
    public bool IsFinished => State is ReportState.Ready or ReportState.Failed;

    public bool IsScheduled => RequestedBy == ReportRequesters.Schedule;
}

/// <summary>Which of a report's lines to show.</summary>
public enum ReportLineFilter
{
    All,
    UnmatchedOnly,
    OverLimitOnly,
}

/// <summary>One page of anything, with the total it is a page of.</summary>
public sealed record ReportPage<T>(IReadOnlyList<T> Items, int Total);

/// <summary>A report's money in one currency.</summary>
public sealed record ReportCurrencyTotal(string Currency, decimal Limit, decimal Spent, decimal Refunded, decimal DeclinedAmount, int Declines);

/// <summary>Reads of the scope's company's reports (Issuer, Auditor, Admin).</summary>
public sealed class ReportQueries(IDbContextFactory<PortalDbContext> contexts, ICurrentUser currentUser)
{
    public const int ExportBatch = 2_000;

    public async Task<ReportPage<ReportSummary>> ListAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewReports, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.Reports.CountAsync(cancellationToken);
        var items = await db.Reports.AsNoTracking().OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200)).Select(Summary).ToListAsync(cancellationToken);
        return new(items, total);
    }

    public async Task<ReportSummary?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewReports, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Reports.AsNoTracking().Where(r => r.Id == id).Select(Summary).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A page of a report's per-purchase lines, in purchase order.</summary>
    public async Task<ReportPage<ReportLine>> LinesAsync(Guid reportId, ReportLineFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewReports, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lines = Lines(db, reportId, filter);
        var total = await lines.CountAsync(cancellationToken);
        var items = await lines.OrderBy(l => l.PurchaseId).ThenBy(l => l.Currency)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return new(items, total);
    }

    /// <summary>Every line the filter keeps, read in batches (for exports: memory stays flat whatever the size).</summary>
    public async IAsyncEnumerable<ReportLine> StreamLinesAsync(Guid reportId, ReportLineFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewReports, cancellationToken);
        long after = long.MinValue;
        string afterCurrency = "";
        while (true)
        {
            List<ReportLine> batch;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                batch = await Lines(db, reportId, filter)
                    .Where(l => l.PurchaseId > after || (l.PurchaseId == after && string.Compare(l.Currency, afterCurrency) > 0))
                    .OrderBy(l => l.PurchaseId).ThenBy(l => l.Currency).Take(ExportBatch).ToListAsync(cancellationToken);
            }

            foreach (var line in batch)
            {
                yield return line;
            }

            if (batch.Count < ExportBatch)
            {
                yield break;
            }

            (after, afterCurrency) = (batch[^1].PurchaseId, batch[^1].Currency);
        }
    }

    /// <summary>The report's money per currency, summed over its lines.</summary>
    public async Task<IReadOnlyList<ReportCurrencyTotal>> TotalsAsync(Guid reportId, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewReports, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Summed here: SQLite keeps money as scaled integers, and a report's lines are one per purchase.
        var lines = await db.ReportLines.AsNoTracking().Where(l => l.ReportId == reportId)
            .Select(l => new { l.Currency, l.Limit, l.Spent, l.Refunded, l.DeclinedAmount, l.Declines }).ToListAsync(cancellationToken);
        return [.. lines.GroupBy(l => l.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ReportCurrencyTotal(
            g.Key, g.Sum(l => l.Limit ?? 0m), g.Sum(l => l.Spent), g.Sum(l => l.Refunded), g.Sum(l => l.DeclinedAmount), g.Sum(l => l.Declines)))];
    }

    /// <summary>A purchase's transactions in a report, in Clara's order.</summary>
    public async Task<IReadOnlyList<ReportTransaction>> TransactionsAsync(Guid reportId, long purchaseId, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewReports, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ReportTransactions.AsNoTracking().Where(t => t.ReportId == reportId && t.PurchaseId == purchaseId)
            .OrderBy(t => t.RowNumber).ToListAsync(cancellationToken);
    }

    private static IQueryable<ReportLine> Lines(PortalDbContext db, Guid reportId, ReportLineFilter filter)
    {
        var lines = db.ReportLines.AsNoTracking().Where(l => l.ReportId == reportId);
        return filter switch
        {
            ReportLineFilter.UnmatchedOnly => lines.Where(l => !l.Matched),
            ReportLineFilter.OverLimitOnly => lines.Where(l => l.OverLimit),
            _ => lines,
        };
    }

    private static readonly System.Linq.Expressions.Expression<Func<ReconciliationReport, ReportSummary>> Summary = r => new ReportSummary(
        r.Id, r.Kind, r.From, r.To, r.State, r.Progress, r.TotalRows, r.FetchedRows, r.Purchases, r.Unmatched, r.OverLimit,
        r.RequestedBy, r.RequestedByName, r.CreatedAt, r.CompletedAt, r.FailureCode, r.FailureMessage);
}
