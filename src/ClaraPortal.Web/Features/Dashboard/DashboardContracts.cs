namespace ClaraPortal.Web.Features.Dashboard;

/// <summary>Whose cards the spend figures cover.</summary>
public enum SpendScope
{
    /// <summary>Every card of the company (Auditor, Approver, Admin: the roles that may open history).</summary>
    Company,

    /// <summary>The signed-in Issuer's own cards: the only cards an Issuer can open behind a figure.</summary>
    Mine,
}

/// <summary>A currency the cards of the window were issued in, and how many.</summary>
public sealed record CurrencyShare(string Currency, int Cards);

/// <summary>
/// One supplier or template in the window, in the chosen currency: cards issued and their limits (from the cards), and
/// net spend on its cards (from the reconciliation reports' transactions).
/// </summary>
public sealed record SpendGroup(long Id, string Name, int Cards, decimal Limits, decimal Spent);

/// <summary>One calendar month (its first day) of the window, in the chosen currency.</summary>
public sealed record SpendMonth(DateOnly Month, int Cards, decimal Limits, decimal Spent)
{
    public DateOnly LastDay => Month.AddMonths(1).AddDays(-1);
}

/// <summary>
/// The dashboard's charts for the last 12 calendar months (the current one included) in one currency.
/// <see cref="Currency"/> is null when no card was issued in the window (nothing to chart).
/// </summary>
/// <param name="From">First day of the window (the first day of the month 11 months back).</param>
/// <param name="To">Last day of the window (the last day of the current month).</param>
/// <param name="ReportedThrough">The last day a finished reconciliation report covers; null before the first one.</param>
/// <param name="SupplierCount">Suppliers with cards or spend in the window; <see cref="BySupplier"/> holds the top 10.</param>
/// <param name="UnmatchedSpend">Spend on purchases the portal does not know (cards not issued here): in the months, not in a supplier or template.</param>
/// <param name="ComputedAt">When the figures were read (they are kept for a few minutes).</param>
public sealed record SpendOverview(
    SpendScope Scope,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<CurrencyShare> Currencies,
    string? Currency,
    DateOnly? ReportedThrough,
    IReadOnlyList<SpendGroup> BySupplier,
    int SupplierCount,
    IReadOnlyList<SpendGroup> ByTemplate,
    int TemplateCount,
    IReadOnlyList<SpendMonth> ByMonth,
    decimal UnmatchedSpend,
    DateTimeOffset ComputedAt)
{
    /// <summary>Spend figures exist only once a reconciliation report has brought transactions in.</summary>
    public bool HasReports => ReportedThrough is not null;
}

/// <summary>A monthly budget of the issuer in one currency, and what counts against it this calendar month (UTC).</summary>
public sealed record BudgetUse(string Currency, decimal Budget, decimal Used)
{
    public decimal Left => Budget - Used;
}

/// <summary>The Issuer's own work at a glance.</summary>
/// <param name="ExpiringFrom">Today: cards valid until this day or later ...</param>
/// <param name="ExpiringTo">... and at most until this one count as expiring.</param>
/// <param name="MonthStart">The first day of the budgets' month.</param>
public sealed record IssuerSummary(
    int PendingRequests,
    int ExpiringCards,
    DateOnly ExpiringFrom,
    DateOnly ExpiringTo,
    IReadOnlyList<BudgetUse> Budgets,
    DateOnly MonthStart);

/// <summary>What may need a person's look (Auditor, Admin): requests that failed or never settled.</summary>
/// <param name="OutcomeUnknown">Card requests sent to Clara without a definitive answer yet (any age).</param>
/// <param name="FailedCards">Card requests Clara refused since <see cref="Since"/>.</param>
/// <param name="FailedApprovals">Approved requests that could not be carried out since <see cref="Since"/>.</param>
public sealed record OversightSummary(int OutcomeUnknown, int FailedCards, int FailedApprovals, DateOnly Since);

/// <summary>A row of a dashboard chart and its table: the figures of one supplier, template or month, and where they lead.</summary>
/// <param name="ShortName">The chart's label when the name is not (a month's "Jan 26").</param>
public sealed record SpendChartRow(string Name, string Href, int Cards, decimal Limits, decimal Spent, string? ShortName = null);
