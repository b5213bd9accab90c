namespace ClaraPortal.E2E.Pages;

/// <summary>Portal paths the browser tests open directly.</summary>
public static class Routes
{
    public const string IssueCard = "/cards/issue";
    public const string Cards = "/cards";
    public const string FundingCards = "/catalog/funding-cards";
    public const string History = "/history";
    public const string Approvals = "/approvals";
    public const string Reports = "/reports";
}
