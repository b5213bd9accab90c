using Bunit;
using Bunit.TestDoubles;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace ClaraPortal.Web.Tests.Features.Companies;

/// <summary>The app bar's company switcher, choosing through the real CompanyChoice on a real SQLite file.</summary>
public sealed class CompanySwitcherTests : CompaniesBunitContext
{
    private const string Subject = "dev-issuer";
    private const string ServiciosLabel = "Clara Portal Servicios (CPS920315KX7)";

    [Fact]
    public void Is_not_shown_with_a_single_company()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        var switcher = Render<CompanySwitcher>();

        Assert.Empty(switcher.FindAll("[data-testid=company-switcher]"));
        Assert.Equal("", switcher.Markup.Trim());
    }

    [Fact]
    public void With_two_companies_shows_both_labels_and_the_current_one_selected()
    {
        SignIn(TwoCompanies(TestCompanies.Servicios));
        var popovers = Render<MudPopoverProvider>();

        var switcher = Render<CompanySwitcher>();

        Assert.Contains(switcher.FindAll("label"), l => l.TextContent.Trim() == "Company");
        Assert.Equal(TestCompanies.Servicios, switcher.FindComponent<MudSelect<PortalCompany>>().Instance.GetState(s => s.Value));
        Assert.Equal(ServiciosLabel, switcher.Find("input[data-testid=company-switcher]").GetAttribute("value"));

        Open(switcher);
        popovers.WaitForAssertion(() => Assert.Equal(
            [TestCompanies.Owner.Label, ServiciosLabel],
            popovers.FindAll("[role=option]").Select(o => o.TextContent.Trim())));
    }

    [Fact]
    public void Is_labelled_in_the_reader_s_language()
    {
        using var culture = new CultureScope("es-MX");
        SignIn(TwoCompanies(TestCompanies.Owner));

        var switcher = Render<CompanySwitcher>();

        Assert.Contains(switcher.FindAll("label"), l => l.TextContent.Trim() == "Empresa");
    }

    [Fact]
    public async Task Choosing_another_company_stores_the_choice_and_reloads_the_page()
    {
        await SeedUserAsync(Subject, "Isabel Issuer");
        SignIn(TwoCompanies(TestCompanies.Owner));
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("/cards?status=Active");
        var popovers = Render<MudPopoverProvider>();
        var switcher = Render<CompanySwitcher>();

        Open(switcher);
        popovers.WaitForElement($"[data-testid=company-option-{TestCompanies.Servicios.TaxIdentifier}]").Click();

        switcher.WaitForAssertion(() =>
        {
            var reload = Assert.Single(navigation.History, h => h.Options.ForceLoad);
            Assert.Equal("http://localhost/cards?status=Active", reload.Uri);
        });
        Assert.Equal(TestCompanies.Servicios.Key, await CompanyPreferenceOfAsync(Subject));
    }

    [Fact]
    public async Task A_choice_the_service_refuses_is_said_and_nothing_reloads()
    {
        await SeedUserAsync(Subject, "Isabel Issuer");
        SignIn(TwoCompanies(TestCompanies.Owner));
        var popovers = Render<MudPopoverProvider>();
        var switcher = Render<CompanySwitcher>();
        // Access to Servicios taken away after the page was drawn: the service checks the request's options again.
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        Open(switcher);
        popovers.WaitForElement($"[data-testid=company-option-{TestCompanies.Servicios.TaxIdentifier}]").Click();

        var snackbar = Services.GetRequiredService<ISnackbar>();
        switcher.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message == "You no longer have access to that company. Reload the page to see the companies you have."));
        Assert.DoesNotContain(Services.GetRequiredService<BunitNavigationManager>().History, h => h.Options.ForceLoad);
        Assert.Null(await CompanyPreferenceOfAsync(Subject));
        Assert.Equal(TestCompanies.Owner, switcher.FindComponent<MudSelect<PortalCompany>>().Instance.GetState(s => s.Value));
    }

    private static System.Security.Claims.ClaimsPrincipal TwoCompanies(PortalCompany current) =>
        TestUsers.InCompany(TestUsers.InRole(PortalRoles.Issuer), current, TestCompanies.Owner, TestCompanies.Servicios);

    // What a click on the select does: the test id is on MudSelect's input, whose mouse-down bubbles to the select and opens it.
    private static void Open(IRenderedComponent<CompanySwitcher> switcher) => switcher.Find("[data-testid=company-switcher]").MouseDown();
}
