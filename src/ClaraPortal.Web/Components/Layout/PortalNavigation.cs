using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace ClaraPortal.Web.Components.Layout;

/// <summary>One drawer entry: the page it opens and the policy a user needs to see it (null: any signed-in user).</summary>
public sealed record NavItem(string TextKey, string Href, string Icon, string? Policy, NavLinkMatch Match = NavLinkMatch.Prefix);

/// <summary>
/// The drawer, in order. Each page carries the same policy in its [Authorize] attribute (a test checks
/// they agree), so the menu never offers a page the server would refuse.
/// </summary>
public static class PortalNavigation
{
    public static IReadOnlyList<NavItem> Items { get; } =
    [
        new("Nav.Dashboard", "/", Icons.Material.Filled.Dashboard, null, NavLinkMatch.All),
        new("Nav.IssueCard", "/cards/issue", Icons.Material.Filled.AddCard, PortalPolicies.CanIssue),
        new("Nav.Cards", "/cards", Icons.Material.Filled.CreditCard, PortalPolicies.CanIssue),
        new("Nav.MyRequests", "/my-requests", Icons.Material.Filled.Outbox, PortalPolicies.CanIssue),
        new("Nav.Approvals", "/approvals", Icons.Material.Filled.FactCheck, PortalPolicies.CanApprove),
        new("Nav.History", "/history", Icons.Material.Filled.History, PortalPolicies.CanViewHistory),
        new("Nav.Reports", "/reports", Icons.Material.Filled.Assessment, PortalPolicies.CanViewReports),
        new("Nav.Suppliers", "/catalog/suppliers", Icons.Material.Filled.Storefront, PortalPolicies.CanViewCatalog),
        new("Nav.Templates", "/catalog/templates", Icons.Material.Filled.Description, PortalPolicies.CanViewCatalog),
        new("Nav.FundingCards", "/catalog/funding-cards", Icons.Material.Filled.AccountBalanceWallet, PortalPolicies.CanViewCatalog),
        new("Nav.Policy", "/policy", Icons.Material.Filled.Policy, PortalPolicies.CanManagePolicy),
        new("Nav.Companies", "/admin/companies", Icons.Material.Filled.Business, PortalPolicies.CanManageCompanies),
    ];

    /// <summary>
    /// How the item's link matches at <paramref name="path"/> (base-relative, leading slash, no query). A prefix
    /// item gives way to a more specific item under it: "Cards" (/cards) is lit on /cards and /cards/{id} but
    /// not on /cards/issue, which is "Issue card"'s. NavLink only knows prefix or exact, so the yielding item
    /// is switched to exact there, which it then does not match.
    /// </summary>
    public static NavLinkMatch MatchAt(NavItem item, string path)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Match != NavLinkMatch.Prefix)
        {
            return item.Match;
        }

        var moreSpecific = Items.Any(other =>
            other.Href.Length > item.Href.Length && IsUnder(other.Href, item.Href) && IsUnder(path, other.Href));
        return moreSpecific ? NavLinkMatch.All : NavLinkMatch.Prefix;
    }

    /// <summary>The base-relative path of an absolute URI, as <see cref="MatchAt"/> wants it.</summary>
    public static string PathOf(string relativeUri)
    {
        ArgumentNullException.ThrowIfNull(relativeUri);
        var end = relativeUri.IndexOfAny(['?', '#']);
        var path = end < 0 ? relativeUri : relativeUri[..end];
        return "/" + path.TrimStart('/');
    }

    // Path segments, not characters: /cards-archive is not under /cards.
    private static bool IsUnder(string path, string prefix) =>
        path.Equals(prefix, StringComparison.OrdinalIgnoreCase)
        || (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (prefix.EndsWith('/') || path[prefix.Length] == '/'));
}
