using Bunit;
using ClaraPortal.Web.Components;
using ClaraPortal.Web.Components.Layout;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components;

namespace ClaraPortal.Web.Tests.Features.Companies;

/// <summary>How the shell says which company a page works in, and what it shows someone with none.</summary>
public sealed class CompanyShellTests : CompaniesBunitContext
{
    private static readonly RenderFragment PageBody = builder => builder.AddMarkupContent(0, "<p id=\"page-body\">body</p>");

    [Fact]
    public void The_page_heading_names_the_current_company()
    {
        SignIn(TestUsers.InCompany(TestUsers.InRole(PortalRoles.Issuer), TestCompanies.Servicios, TestCompanies.Owner, TestCompanies.Servicios));

        var heading = Render<PageHeading>(p => p.Add(h => h.Title, "Cards"));

        Assert.Equal("Clara Portal Servicios (CPS920315KX7)", heading.Find("[data-testid=current-company]").TextContent.Trim());
    }

    [Fact]
    public void The_page_heading_names_no_company_for_an_anonymous_visitor()
    {
        var heading = Render<PageHeading>(p => p.Add(h => h.Title, "Sign in"));

        Assert.Empty(heading.FindAll("[data-testid=current-company]"));
    }

    [Fact]
    public void Someone_without_a_company_gets_the_no_access_view_instead_of_the_page()
    {
        SignIn(TestUsers.WithoutCompany("dev-newcomer", "Nadia Newcomer"));

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));

        var view = layout.Find("[data-testid=no-company-access]");
        Assert.Equal("No company access", view.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("ask an administrator to grant it on the Companies page", view.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(layout.FindAll("#page-body"));
    }

    [Fact]
    public void An_anonymous_visitor_still_gets_the_page_which_sends_them_to_sign_in()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));

        Assert.NotNull(layout.Find("#page-body"));
        Assert.Empty(layout.FindAll("[data-testid=no-company-access]"));
    }

    [Fact]
    public void The_app_bar_offers_no_switcher_with_one_company()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));

        Assert.Empty(layout.FindAll("[data-testid=company-switcher]"));
    }

    [Fact]
    public void The_app_bar_offers_the_switcher_with_two_companies()
    {
        SignIn(TestUsers.InCompany(TestUsers.InRole(PortalRoles.Issuer), TestCompanies.Owner, TestCompanies.Owner, TestCompanies.Servicios));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, PageBody));

        Assert.Equal("Clara Portal Operaciones (CPO850101AB1)", layout.Find("[data-testid=company-switcher]").GetAttribute("value"));
        Assert.NotNull(layout.Find("#page-body"));
    }
}
