using Bunit;
using ClaraPortal.Web.Components.Layout;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components;

namespace ClaraPortal.Web.Tests.Components;

public sealed class MainLayoutTests : PortalBunitContext
{
    private static readonly RenderFragment PageBody = builder => builder.AddMarkupContent(0, "<p id=\"page-body\">body</p>");

    [Fact]
    public void Shows_the_display_name_the_navigation_and_the_page()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));

        Assert.Equal("Isabel Issuer", layout.Find("[data-testid=user-display-name]").TextContent.Trim());
        Assert.Contains(layout.FindAll(".mud-nav-link-text"), e => e.TextContent.Trim() == "Issue card");
        Assert.NotNull(layout.Find("#page-body"));
    }

    [Fact]
    public void Marks_itself_ready_when_interactive()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        var interactive = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));

        Assert.Single(interactive.FindAll("[data-testid=interactive-ready]"));
    }

    [Fact]
    public void Is_not_marked_ready_while_prerendering()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var prerendered = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));

        Assert.Empty(prerendered.FindAll("[data-testid=interactive-ready]"));
    }

    [Fact]
    public void The_user_menu_is_labelled_and_offers_sign_out_through_a_post_form()
    {
        SignIn(TestUsers.InRole(PortalRoles.Approver));

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));
        layout.Find("button[aria-label='User menu']").Click();

        layout.WaitForAssertion(() => Assert.Contains(layout.FindAll(".mud-menu-item"), e => e.TextContent.Contains("Sign out", StringComparison.Ordinal)));
        var form = layout.Find("form#portal-logout-form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(PortalAuthenticationExtensions.LogoutPath, form.GetAttribute("action"));
    }

    [Fact]
    public void Sign_out_submits_the_logout_form()
    {
        SignIn(TestUsers.InRole(PortalRoles.Approver));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));

        layout.Find("button[aria-label='User menu']").Click();
        layout.WaitForElements(".mud-menu-item").Single(e => e.TextContent.Contains("Sign out", StringComparison.Ordinal)).Click();

        layout.WaitForAssertion(() => Assert.Equal("portal-logout-form", JSInterop.VerifyInvoke("claraPortal.submitForm").Arguments[0]));
    }

    [Fact]
    public void The_dark_mode_toggle_remembers_the_choice()
    {
        SignIn(TestUsers.InRole(PortalRoles.Auditor));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));

        layout.Find("button[aria-label='Switch to dark mode']").Click();

        Assert.NotNull(layout.Find("button[aria-label='Switch to light mode']"));
        layout.WaitForAssertion(() => Assert.Equal(true, JSInterop.VerifyInvoke("claraPortal.setDarkMode").Arguments[0]));
    }
}
