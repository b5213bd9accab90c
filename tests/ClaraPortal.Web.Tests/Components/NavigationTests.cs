using System.Reflection;
using Bunit;
using ClaraPortal.Web.Components;
using ClaraPortal.Web.Components.Layout;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Components;

public sealed class NavigationTests : PortalBunitContext
{
    public static TheoryData<string, string[]> RoleMenus => new()
    {
        { PortalRoles.Issuer, ["Dashboard", "Issue card", "Cards", "My requests", "Reports", "Suppliers", "Templates", "Funding cards"] },
        { PortalRoles.Approver, ["Dashboard", "Approvals", "History", "Suppliers", "Templates", "Funding cards"] },
        { PortalRoles.Auditor, ["Dashboard", "History", "Reports", "Suppliers", "Templates", "Funding cards"] },
        {
            PortalRoles.Admin,
            ["Dashboard", "Issue card", "Cards", "My requests", "Approvals", "History", "Reports", "Suppliers", "Templates", "Funding cards", "Policy", "Companies"]
        },
    };

    [Theory]
    [MemberData(nameof(RoleMenus))]
    public void Each_role_sees_exactly_its_navigation_items(string role, string[] expected)
    {
        SignIn(TestUsers.InRole(role));

        var menu = Render<NavMenu>();

        Assert.Equal(expected, NavTexts(menu));
    }

    [Fact]
    public void A_signed_in_user_without_a_portal_role_sees_no_navigation()
    {
        SignIn(TestUsers.WithRoles("nobody", "No Role"));

        // Not even the dashboard or the catalog: every page needs a portal role.
        Assert.Empty(NavTexts(Render<NavMenu>()));
    }

    [Fact]
    public void Nobody_signed_in_sees_no_navigation()
    {
        Assert.Empty(NavTexts(Render<NavMenu>()));
    }

    [Fact]
    public void Every_navigation_item_opens_a_page_guarded_by_the_same_policy()
    {
        var pages = typeof(App).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Type: t)))
            .ToDictionary(p => p.Template, p => p.Type);

        foreach (var item in PortalNavigation.Items)
        {
            Assert.True(pages.TryGetValue(item.Href, out var page), $"No page at {item.Href}");
            var authorize = page.GetCustomAttribute<AuthorizeAttribute>();
            Assert.NotNull(authorize);
            Assert.Equal(item.Policy, authorize.Policy);
        }
    }

    [Theory]
    [InlineData("/cards", new[] { "Cards" })]
    [InlineData("/cards/0b6f5c1e-8d7a-4a43-9a51-3d2f0c1b2a99", new[] { "Cards" })]
    [InlineData("/cards/issue", new[] { "Issue card" })]
    [InlineData("/cards/issue?template=50631000000101", new[] { "Issue card" })]
    [InlineData("/catalog/suppliers", new[] { "Suppliers" })]
    [InlineData("/", new[] { "Dashboard" })]
    public void Only_the_most_specific_item_is_highlighted(string path, string[] expected)
    {
        SignIn(TestUsers.InRole(PortalRoles.Admin));
        var menu = Render<NavMenu>();

        Services.GetRequiredService<NavigationManager>().NavigateTo(path);

        menu.WaitForAssertion(() => Assert.Equal(expected, ActiveTexts(menu)));
    }

    [Fact]
    public void Cards_gives_way_to_issue_card_but_keeps_its_own_pages()
    {
        var cards = PortalNavigation.Items.Single(i => i.Href == "/cards");
        var issue = PortalNavigation.Items.Single(i => i.Href == "/cards/issue");

        Assert.Equal(NavLinkMatch.All, PortalNavigation.MatchAt(cards, "/cards/issue"));
        Assert.Equal(NavLinkMatch.Prefix, PortalNavigation.MatchAt(cards, "/cards"));
        Assert.Equal(NavLinkMatch.Prefix, PortalNavigation.MatchAt(cards, "/cards/0b6f5c1e-8d7a-4a43-9a51-3d2f0c1b2a99"));
        // Segments, not characters: a page named /cards/issued would still be under Cards.
        Assert.Equal(NavLinkMatch.Prefix, PortalNavigation.MatchAt(cards, "/cards/issued"));
        Assert.Equal(NavLinkMatch.Prefix, PortalNavigation.MatchAt(issue, "/cards/issue"));
        Assert.Equal("/cards/issue", PortalNavigation.PathOf("cards/issue?x=1#top"));
        Assert.Equal("/", PortalNavigation.PathOf(""));
    }

    private static List<string> ActiveTexts(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a.mud-nav-link.active .mud-nav-link-text").Select(e => e.TextContent.Trim()).ToList();

    private static List<string> NavTexts(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll(".mud-nav-link-text").Select(e => e.TextContent.Trim()).ToList();
}
