using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.History;

namespace ClaraPortal.Web.Features.Dashboard;

/// <summary>
/// Where each figure of the dashboard leads: the page listing what it counts, filtered to it. Company figures open
/// history (Auditor, Approver, Admin may); an Issuer's own open their cards list.
/// </summary>
public static class DashboardLinks
{
    public static string Supplier(SpendOverview overview, long supplierId)
    {
        ArgumentNullException.ThrowIfNull(overview);
        return Cards(overview, overview.From, overview.To, supplierId: supplierId);
    }

    public static string Template(SpendOverview overview, long templateId)
    {
        ArgumentNullException.ThrowIfNull(overview);
        return Cards(overview, overview.From, overview.To, templateId: templateId);
    }

    public static string Month(SpendOverview overview, SpendMonth month)
    {
        ArgumentNullException.ThrowIfNull(overview);
        ArgumentNullException.ThrowIfNull(month);
        return Cards(overview, month.Month, month.LastDay);
    }

    /// <summary>The issuer's pending requests.</summary>
    public static string PendingRequests => "/my-requests?status=" + Extensions.AddressQuery.Write(ApprovalStatus.Pending);

    /// <summary>The issuer's active cards expiring soon.</summary>
    public static string ExpiringCards(int days) =>
        CardsUrl.For(new CardsLink { Status = CardPurchaseStatus.Active, ExpiringWithinDays = days });

    /// <summary>The issuer's cards of this month in the budget's currency (what the budget is measured against).</summary>
    public static string BudgetCards(IssuerSummary summary, BudgetUse budget)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(budget);
        return CardsUrl.For(new CardsLink { From = summary.MonthStart, Currency = budget.Currency });
    }

    /// <summary>The queue's default view: pending requests, oldest first.</summary>
    public const string PendingApprovals = "/approvals";

    public static string Approval(Guid id) => $"/approvals/{id}";

    public const string AuditIntegrity = "/history/integrity";

    public static string OutcomeUnknown =>
        HistoryUrl.For(new HistoryView { Cards = new CardHistoryFilter { Status = CardPurchaseStatus.OutcomeUnknown } });

    public static string FailedCards(OversightSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return HistoryUrl.For(new HistoryView { Cards = new CardHistoryFilter { Status = CardPurchaseStatus.Failed, From = summary.Since } });
    }

    public static string FailedApprovals(OversightSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return HistoryUrl.For(new HistoryView
        {
            Tab = HistoryTab.Events,
            Events = new EventHistoryFilter { Action = ApprovalAuditActions.Failed, From = summary.Since },
        });
    }

    /// <summary>
    /// The cards created in the range with the supplier or template, in the overview's currency. The list shows every
    /// request of them (a refused one too); the figure counts the issued ones.
    /// </summary>
    private static string Cards(SpendOverview overview, DateOnly from, DateOnly to, long? supplierId = null, long? templateId = null) =>
        overview.Scope == SpendScope.Company
            ? HistoryUrl.For(new HistoryView
            {
                Cards = new CardHistoryFilter { From = from, To = to, SupplierId = supplierId, TemplateId = templateId, Currency = overview.Currency },
            })
            : CardsUrl.For(new CardsLink { From = from, To = to, SupplierId = supplierId, TemplateId = templateId, Currency = overview.Currency });
}
