using System.Reflection;
using Bunit;
using ClaraPortal.Web.Components;
using ClaraPortal.Web.Components.Layout;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace ClaraPortal.Web.Tests.Components;

public sealed class NavigationTests : PortalBunitContext
{
    private static readonly string[] Everyone = ["Dashboard", "Suppliers", "Templates", "Funding cards"];

    public static TheoryData<string, string[]> RoleMenus => new()
    {
        { PortalRoles.Issuer, ["Dashboard", "Issue card", "Cards", "My requests", "Suppliers", "Templates", "Funding cards"] },
        { PortalRoles.Approver, ["Dashboard", "Approvals", "History", "Suppliers", "Templates", "Funding cards"] },
        { PortalRoles.Auditor, ["Dashboard", "History", "Reports", "Suppliers", "Templates", "Funding cards"] },
        {
            PortalRoles.Admin,
            ["Dashboard", "Issue card", "Cards", "My requests", "Approvals", "History", "Reports", "Suppliers", "Templates", "Funding cards", "Policy"]
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
    public void A_signed_in_user_without_a_portal_role_sees_only_the_shared_pages()
    {
        SignIn(TestUsers.WithRoles("nobody", "No Role"));

        Assert.Equal(Everyone, NavTexts(Render<NavMenu>()));
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

    private static List<string> NavTexts(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll(".mud-nav-link-text").Select(e => e.TextContent.Trim()).ToList();
}
