namespace ClaraPortal.E2E.Pages;

/// <summary>Portal paths the browser tests open directly.</summary>
public static class Routes
{
    public const string Dashboard = "/";
    public const string IssueCard = "/cards/issue";
    public const string Cards = "/cards";
    public const string MyRequests = "/my-requests";
    public const string FundingCards = "/catalog/funding-cards";
    public const string Suppliers = "/catalog/suppliers";
    public const string Templates = "/catalog/templates";
    public const string History = "/history";
    public const string HistoryEvents = "/history?tab=events";
    public const string AuditIntegrity = "/history/integrity";
    public const string Approvals = "/approvals";
    public const string Reports = "/reports";
    public const string Policy = "/policy";
    public const string Companies = "/admin/companies";
    public const string AccessDenied = "/access-denied";

    /// <summary>Pages with no item in the drawer, reached from another page (details open from their lists).</summary>
    public static IReadOnlyList<string> OutsideNavigation { get; } = [HistoryEvents, AuditIntegrity, AccessDenied];
}
