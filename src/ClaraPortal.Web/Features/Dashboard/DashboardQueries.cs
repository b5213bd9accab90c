using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Dashboard;

/// <summary>
/// The dashboard's figures for the scope's company. Reads are index ranges: cards by (Company, Status, CreatedAt) or the
/// issuer's (Company, IssuedBy, ...), transactions by (Company, PostedAt) or by card (Company, CardPurchaseId); months
/// are queried one range each (the stored ticks have no portable "month of"). Money is summed in SQL: EF sums the
/// stored scaled integers on SQLite and reads the total back through the same converter (numeric on PostgreSQL).
/// </summary>
public sealed class DashboardQueries(
    IDbContextFactory<PortalDbContext> contexts,
    ICurrentUser currentUser,
    TimeProvider time,
    SpendOverviewCache cache)
{
    public const int Months = 12;
    public const int TopCount = 10;
    public const int ExpiringWithinDays = 14;
    public const int OversightDays = 30;

    /// <summary>Cards that were issued: what counts as a card and a limit in the charts (not refused, rejected or unsettled).</summary>
    internal static readonly CardPurchaseStatus[] Issued =
        [CardPurchaseStatus.Active, CardPurchaseStatus.Cancelled, CardPurchaseStatus.Expired, CardPurchaseStatus.Exhausted];

    // Months and days as the portal shows times, the same zone history's date filters use, so a month's link lists its cards.
    private TimeZoneInfo Zone => time.LocalTimeZone;

    /// <summary>
    /// Spend and cards by supplier (top 10), template (top 10) and month over the last 12 months, in
    /// <paramref name="currency"/> (default: the currency most cards of the window were issued in).
    /// Roles that may open history (Auditor, Approver, Admin) see the company's figures and follow them into history.
    /// An Issuer sees the figures of their own cards: they may read reports, but every figure here links to the cards
    /// behind it, and the only cards an Issuer can open are their own.
    /// </summary>
    public async Task<SpendOverview> SpendAsync(string? currency = null, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.GetAsync(cancellationToken) ?? throw new AccessDeniedException(PortalPolicies.CanIssue, null);
        var companyWide = user.Roles.Any(PortalPolicies.Roles[PortalPolicies.CanViewHistory].Contains);
        if (!companyWide)
        {
            await currentUser.DemandAsync(PortalPolicies.CanIssue, cancellationToken);
        }

        var issuer = companyWide ? null : user.Subject;
        var months = MonthStarts();
        var requested = string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant();
        // The context goes to the computation, which others may wait for after this caller left: it runs to its end
        // (bounded reads) and disposes it. Opening one is cheap; a kept answer disposes it unused.
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        var computing = false;
        try
        {
            // Whether kept figures may have moved: two index lookups (a max each), so a new card shows at once.
            var cards = db.CardPurchases.AsNoTracking();
            var latestCard = await (issuer is null ? cards : cards.Where(c => c.IssuedBy == issuer))
                .MaxAsync(c => (DateTimeOffset?)c.CreatedAt, cancellationToken);
            var latestReport = await db.Reports.AsNoTracking().Where(r => r.State == ReportState.Ready)
                .MaxAsync(r => r.CompletedAt, cancellationToken);
            var key = new SpendCacheKey(db.CompanyKey ?? "", issuer, requested, months[0]);
            return await cache.GetAsync(key, new SpendFingerprint(latestCard, latestReport), () =>
            {
                computing = true;
                return ComputeSpendAsync(db, issuer, requested, months);
            }, cancellationToken);
        }
        finally
        {
            if (!computing)
            {
                await db.DisposeAsync();
            }
        }
    }

    private async Task<SpendOverview> ComputeSpendAsync(PortalDbContext db, string? issuer, string? requested, DateOnly[] months)
    {
        await using var owned = db;
        var ct = CancellationToken.None;
        var bounds = months.Append(months[^1].AddMonths(1)).Select(m => PortalDays.Start(m, Zone)).ToArray();
        var (start, end) = (bounds[0], bounds[^1]);

        // Cards per month and currency: the months' bars and which currencies there are.
        var cardMonths = new List<(string Currency, int Cards, decimal Limits)>[Months];
        for (var m = 0; m < Months; m++)
        {
            var (from, to) = (bounds[m], bounds[m + 1]);
            cardMonths[m] = [.. (await Cards(db, issuer).Where(c => c.CreatedAt >= from && c.CreatedAt < to)
                .GroupBy(c => c.Currency)
                .Select(g => new { Currency = g.Key, Cards = g.Count(), Limits = g.Sum(c => c.Amount) })
                .ToListAsync(ct)).Select(r => (r.Currency, r.Cards, r.Limits))];
        }

        var currencies = cardMonths.SelectMany(m => m).GroupBy(r => r.Currency)
            .Select(g => new CurrencyShare(g.Key, g.Sum(r => r.Cards)))
            .OrderByDescending(c => c.Cards).ThenBy(c => c.Currency, StringComparer.Ordinal).ToList();
        var reportedThrough = await db.Reports.AsNoTracking().Where(r => r.State == ReportState.Ready)
            .OrderByDescending(r => r.To).Select(r => (DateOnly?)r.To).FirstOrDefaultAsync(ct);
        var chosen = requested is not null && currencies.Any(c => c.Currency == requested) ? requested : currencies.FirstOrDefault()?.Currency;
        if (chosen is null)
        {
            return new SpendOverview(Scope(issuer), months[0], months[^1].AddMonths(1).AddDays(-1), currencies, null, reportedThrough,
                [], 0, [], 0, [], 0m, time.GetUtcNow());
        }

        // One pass over the window's cards by supplier and template together, another over its transactions: the two
        // rankings are folded from them here (a few thousand rows at most: suppliers x templates x types).
        var cardGroups = await Cards(db, issuer).Where(c => c.CreatedAt >= start && c.CreatedAt < end && c.Currency == chosen)
            .GroupBy(c => new { c.SupplierId, c.TemplateId })
            .Select(g => new
            {
                g.Key.SupplierId,
                g.Key.TemplateId,
                SupplierName = g.Max(c => c.SupplierName),
                TemplateName = g.Max(c => c.TemplateName),
                Cards = g.Count(),
                Limits = g.Sum(c => c.Amount),
            })
            .ToListAsync(ct);
        var spendGroups = reportedThrough is null ? [] : await Posted(db, issuer).Where(t => t.PostedAt >= start && t.PostedAt < end && t.Currency == chosen)
            .GroupBy(t => new { t.SupplierId, t.TemplateId, t.Type })
            .Select(g => new
            {
                g.Key.SupplierId,
                g.Key.TemplateId,
                g.Key.Type,
                SupplierName = g.Max(t => t.SupplierName),
                TemplateName = g.Max(t => t.TemplateName),
                Amount = g.Sum(t => t.Amount),
            })
            .ToListAsync(ct);

        var supplierFigures = cardGroups.Select(c => new Figure(c.SupplierId, c.SupplierName, c.Cards, c.Limits, 0m))
            .Concat(spendGroups.Where(s => s.SupplierId is not null)
                .Select(s => new Figure(s.SupplierId!.Value, s.SupplierName, 0, 0m, TransactionType.NetSpend(s.Type, s.Amount))));
        var templateFigures = cardGroups.Select(c => new Figure(c.TemplateId, c.TemplateName, c.Cards, c.Limits, 0m))
            .Concat(spendGroups.Where(s => s.TemplateId is not null)
                .Select(s => new Figure(s.TemplateId!.Value, s.TemplateName, 0, 0m, TransactionType.NetSpend(s.Type, s.Amount))));
        var bySupplier = Rank(supplierFigures);
        var byTemplate = Rank(templateFigures);

        var byMonth = new List<SpendMonth>(Months);
        for (var m = 0; m < Months; m++)
        {
            var cards = cardMonths[m].Where(r => r.Currency == chosen).ToList();
            var spent = 0m;
            if (reportedThrough is not null)
            {
                var (from, to) = (bounds[m], bounds[m + 1]);
                var types = await Ledger(db, issuer).Where(t => t.PostedAt >= from && t.PostedAt < to && t.Currency == chosen)
                    .GroupBy(t => t.Type).Select(g => new { Type = g.Key, Amount = g.Sum(t => t.Amount) }).ToListAsync(ct);
                spent = types.Sum(t => TransactionType.NetSpend(t.Type, t.Amount));
            }

            byMonth.Add(new SpendMonth(months[m], cards.Sum(r => r.Cards), cards.Sum(r => r.Limits), spent));
        }

        var unmatched = spendGroups.Where(s => s.SupplierId is null).Sum(s => TransactionType.NetSpend(s.Type, s.Amount));
        return new SpendOverview(Scope(issuer), months[0], months[^1].AddMonths(1).AddDays(-1), currencies, chosen, reportedThrough,
            [.. bySupplier.Take(TopCount)], bySupplier.Count, [.. byTemplate.Take(TopCount)], byTemplate.Count, byMonth, unmatched,
            time.GetUtcNow());
    }

    /// <summary>The Issuer's pending requests, active cards expiring within 14 days, and monthly budgets used.</summary>
    public async Task<IssuerSummary> IssuerAsync(CancellationToken cancellationToken = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);
        var until = today.AddDays(ExpiringWithinDays);

        var pending = await db.ApprovalRequests.AsNoTracking()
            .CountAsync(r => r.RequestedBy == user.Subject && r.Status == ApprovalStatus.Pending, cancellationToken);
        var expiring = await db.CardPurchases.AsNoTracking()
            .CountAsync(c => c.IssuedBy == user.Subject && c.Status == CardPurchaseStatus.Active && c.ValidTo >= today && c.ValidTo <= until, cancellationToken);
        var authorities = await db.IssuerAuthorities.AsNoTracking()
            .Where(a => a.Subject == user.Subject && a.MonthlyBudget != null)
            .Select(a => new { a.Currency, Budget = a.MonthlyBudget!.Value })
            .ToListAsync(cancellationToken);
        var budgets = new List<BudgetUse>(authorities.Count);
        foreach (var authority in authorities.OrderBy(a => a.Currency, StringComparer.Ordinal))
        {
            // The same measure the approval policy applies, so "used" here is what the next request is held against.
            var used = await PolicyApprovalGate.IssuedThisMonthAsync(db, user.Subject, authority.Currency, now, excludeCard: null, cancellationToken);
            budgets.Add(new BudgetUse(authority.Currency, authority.Budget, used));
        }

        return new IssuerSummary(pending, expiring, today, until, budgets, new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1));
    }

    /// <summary>Requests that failed or never settled (Auditor, Admin): each a count that history can list.</summary>
    public async Task<OversightSummary> OversightAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanVerifyAudit, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);
        var since = today.AddDays(-OversightDays);
        var sinceAt = PortalDays.Start(since, Zone);

        var unknown = await db.CardPurchases.AsNoTracking().CountAsync(c => c.Status == CardPurchaseStatus.OutcomeUnknown, cancellationToken);
        var failed = await db.CardPurchases.AsNoTracking()
            .CountAsync(c => c.Status == CardPurchaseStatus.Failed && c.CreatedAt >= sinceAt, cancellationToken);
        // Counted as history's events tab lists them (action and date), so the number and its link agree.
        var failedApprovals = await db.AuditEvents.AsNoTracking()
            .CountAsync(e => e.Action == ApprovalAuditActions.Failed && e.OccurredAt >= sinceAt, cancellationToken);
        return new OversightSummary(unknown, failed, failedApprovals, since);
    }

    private static SpendScope Scope(string? issuer) => issuer is null ? SpendScope.Company : SpendScope.Mine;

    private DateOnly[] MonthStarts()
    {
        var today = TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);
        var current = new DateOnly(today.Year, today.Month, 1);
        return [.. Enumerable.Range(0, Months).Select(i => current.AddMonths(i - (Months - 1)))];
    }

    private static IQueryable<CardPurchase> Cards(PortalDbContext db, string? issuer)
    {
        var cards = db.CardPurchases.AsNoTracking().Where(c => Issued.Contains(c.Status));
        return issuer is null ? cards : cards.Where(c => c.IssuedBy == issuer);
    }

    /// <summary>
    /// The ledger's transactions in scope: the company's all (those of cards the portal does not know too), an Issuer's
    /// those of their cards. No join: a month is a range of the (Company, PostedAt) index, each row checked against the
    /// issuer's card ids (a join there had SQLite look up the card of every transaction of the month).
    /// </summary>
    private static IQueryable<PostedTransaction> Ledger(PortalDbContext db, string? issuer)
    {
        var transactions = db.PostedTransactions.AsNoTracking();
        if (issuer is null)
        {
            return transactions;
        }

        var mine = db.CardPurchases.Where(c => c.IssuedBy == issuer).Select(c => (Guid?)c.Id);
        return transactions.Where(t => mine.Contains(t.CardPurchaseId));
    }

    /// <summary>
    /// The ledger's transactions with their card's supplier and template. For the company, every transaction (those of
    /// cards the portal does not know have no supplier); for an Issuer, those of their cards.
    /// </summary>
    private static IQueryable<PostedSpend> Posted(PortalDbContext db, string? issuer) => issuer is null
        ? from t in db.PostedTransactions.AsNoTracking()
          join c in db.CardPurchases on t.CardPurchaseId equals (Guid?)c.Id into cards
          from c in cards.DefaultIfEmpty()
          select new PostedSpend
          {
              PostedAt = t.PostedAt,
              Currency = t.Currency,
              Type = t.Type,
              Amount = t.Amount,
              SupplierId = (long?)c!.SupplierId,
              SupplierName = c.SupplierName,
              TemplateId = (long?)c.TemplateId,
              TemplateName = c.TemplateName,
          }
        : from c in db.CardPurchases.AsNoTracking()
          where c.IssuedBy == issuer
          join t in db.PostedTransactions on (Guid?)c.Id equals t.CardPurchaseId
          select new PostedSpend
          {
              PostedAt = t.PostedAt,
              Currency = t.Currency,
              Type = t.Type,
              Amount = t.Amount,
              SupplierId = c.SupplierId,
              SupplierName = c.SupplierName,
              TemplateId = c.TemplateId,
              TemplateName = c.TemplateName,
          };

    /// <summary>Figures of one supplier or template folded together, largest spend first (then limits, cards, name).</summary>
    private static List<SpendGroup> Rank(IEnumerable<Figure> figures) =>
    [
        .. figures.GroupBy(f => f.Id)
            .Select(g => new SpendGroup(
                g.Key,
                g.Select(f => f.Name).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
                g.Sum(f => f.Cards),
                g.Sum(f => f.Limits),
                g.Sum(f => f.Spent)))
            .OrderByDescending(s => s.Spent).ThenByDescending(s => s.Limits).ThenByDescending(s => s.Cards)
            .ThenBy(s => s.Name, StringComparer.CurrentCulture).ThenBy(s => s.Id),
    ];

    private sealed record Figure(long Id, string? Name, int Cards, decimal Limits, decimal Spent);

    /// <summary>A transaction with its card's supplier and template (null when the portal does not know the card).</summary>
    private sealed class PostedSpend
    {
        public DateTimeOffset PostedAt { get; init; }

        public string Currency { get; init; } = "";

        public string Type { get; init; } = "";

        public decimal Amount { get; init; }

        public long? SupplierId { get; init; }

        public string? SupplierName { get; init; }

        public long? TemplateId { get; init; }

        public string? TemplateName { get; init; }
    }
}
