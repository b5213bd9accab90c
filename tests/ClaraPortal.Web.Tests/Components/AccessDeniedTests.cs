using Bunit;
using ClaraPortal.Web.Components;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Components;

public sealed class AccessDeniedTests : PortalBunitContext
{
    [Theory]
    [InlineData(PortalRoles.Approver, "/cards")]
    [InlineData(PortalRoles.Issuer, "/approvals")]
    [InlineData(PortalRoles.Auditor, "/policy")]
    [InlineData(PortalRoles.Issuer, "/history")]
    public void A_page_of_another_role_shows_access_denied_instead_of_the_page(string role, string path)
    {
        SignIn(TestUsers.InRole(role));
        Services.GetRequiredService<NavigationManager>().NavigateTo(path);

        var routes = Render<Routes>();

        routes.WaitForAssertion(() => Assert.Equal("Access denied", routes.Find("[data-testid=access-denied] h1").TextContent.Trim()));
        Assert.DoesNotContain("Coming soon", routes.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_right_role_gets_the_page()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/cards");

        var routes = Render<Routes>();

        routes.WaitForAssertion(() => Assert.Contains("Coming soon", routes.Markup, StringComparison.Ordinal));
        Assert.Empty(routes.FindAll("[data-testid=access-denied]"));
    }

    [Fact]
    public void The_access_denied_view_explains_and_links_back()
    {
        SignIn(TestUsers.InRole(PortalRoles.Auditor));

        var view = Render<AccessDeniedView>();

        Assert.Contains("Access denied", view.Markup, StringComparison.Ordinal);
        Assert.Equal("/", view.Find("a").GetAttribute("href"));
    }
}
