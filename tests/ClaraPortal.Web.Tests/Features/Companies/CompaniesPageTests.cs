using AngleSharp.Dom;
using Bunit;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClaraPortal.Web.Tests.Features.Companies;

/// <summary>The Companies page over the real CompanyAdministration on a real SQLite file.</summary>
public sealed class CompaniesPageTests : CompaniesBunitContext
{
    private const string ServiciosLabel = "Clara Portal Servicios (CPS920315KX7)";
    private static readonly string ServiciosRfc = TestCompanies.Servicios.TaxIdentifier!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedUserAsync("dev-admin", "Adrian Admin");
        await SeedUserAsync("dev-issuer", "Isabel Issuer");
        await SeedUserAsync("dev-approver", "Alma Approver");
        SignIn(TestUsers.InRole(PortalRoles.Admin));
    }

    [Fact]
    public void Lists_the_configured_companies_with_the_owner_and_who_works_where_by_default()
    {
        var page = Render<CompaniesPage>();

        var rows = page.FindAll("[data-testid=companies-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("Clara Portal Operaciones, S.A. de C.V.", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("CPO850101AB1", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Owner", rows[0].QuerySelector("[data-testid=company-owner]")!.TextContent.Trim());
        Assert.Equal("Everyone with a portal role works here", rows[0].QuerySelector("[data-testid=company-default-access]")!.TextContent.Trim());
        Assert.Contains("Clara Portal Servicios, S.A. de C.V.", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains(ServiciosRfc, rows[1].TextContent, StringComparison.Ordinal);
        Assert.Null(rows[1].QuerySelector("[data-testid=company-owner]"));
        Assert.Null(rows[1].QuerySelector("[data-testid=company-default-access]"));
        Assert.Contains("next page load", page.Find("[data-testid=companies-next-load]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grants_a_role_and_lists_it()
    {
        var popovers = Render<MudPopoverProvider>();
        var page = Render<CompaniesPage>();
        OpenServicios(page);
        page.WaitForAssertion(() => Assert.Equal("No one has been granted access here yet.", page.Find("[data-testid=grants-empty]").TextContent.Trim()));

        Choose(page, popovers, "grant-user-select", "Isabel Issuer (dev-issuer)");
        Choose(page, popovers, "grant-role-select", "Issuer");
        page.Find("[data-testid=grant-button]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Isabel Issuer", page.Find("[data-testid=grant-user]").TextContent.Trim());
            Assert.Equal("Issuer", page.Find("[data-testid=grant-role]").TextContent.Trim());
        });
        Assert.Contains("Adrian Admin", page.Find("[data-testid=grants-table] tbody tr").TextContent, StringComparison.Ordinal);
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == $"Granted: Isabel Issuer is now Issuer in {ServiciosLabel}.");
        await using var db = Database.CreateDbContext(company: null);
        var grant = await db.CompanyGrants.SingleAsync();
        Assert.Equal((ServiciosRfc, "dev-issuer", PortalRoles.Issuer), (grant.Company, grant.Subject, grant.Role));
    }

    [Fact]
    public async Task A_role_the_user_already_holds_there_is_refused_with_a_message()
    {
        await Administration().GrantAsync(ServiciosRfc, "dev-approver", PortalRoles.Approver);
        var popovers = Render<MudPopoverProvider>();
        var page = Render<CompaniesPage>();
        OpenServicios(page);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=grants-table] tbody tr")));

        Choose(page, popovers, "grant-user-select", "Alma Approver (dev-approver)");
        Choose(page, popovers, "grant-role-select", "Approver");
        page.Find("[data-testid=grant-button]").Click();

        page.WaitForAssertion(() => Assert.Equal($"Alma Approver is already Approver in {ServiciosLabel}.", page.Find("[data-testid=grant-message]").TextContent.Trim()));
        Assert.Single(page.FindAll("[data-testid=grants-table] tbody tr"));
        await using var db = Database.CreateDbContext(company: null);
        Assert.Equal(1, await db.CompanyGrants.CountAsync());
    }

    [Fact]
    public async Task Revokes_only_after_the_admin_confirms()
    {
        await Administration().GrantAsync(ServiciosRfc, "dev-issuer", PortalRoles.Auditor);
        long grantId;
        await using (var db = Database.CreateDbContext(company: null))
        {
            grantId = (await db.CompanyGrants.SingleAsync()).Id;
        }

        var dialogs = Render<MudDialogProvider>();
        var page = Render<CompaniesPage>();
        OpenServicios(page);
        var revoke = $"[data-testid=revoke-{grantId}]";
        page.WaitForElement(revoke);

        page.Find(revoke).Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"Isabel Issuer will no longer be Auditor in {ServiciosLabel}", dialogs.Markup, StringComparison.Ordinal));
        ButtonIn(dialogs, "Keep").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.NotNull(page.Find(revoke));

        page.Find(revoke).Click();
        dialogs.WaitForAssertion(() => ButtonIn(dialogs, "Revoke").Click());

        page.WaitForAssertion(() => Assert.Equal("No one has been granted access here yet.", page.Find("[data-testid=grants-empty]").TextContent.Trim()));
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == $"Revoked: Isabel Issuer is no longer Auditor in {ServiciosLabel}.");
        await using var after = Database.CreateDbContext(company: null);
        Assert.Empty(await after.CompanyGrants.ToListAsync());
    }

    [Fact]
    public async Task Someone_who_is_not_an_admin_is_refused_by_the_service_and_told_so()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Administration().GrantAsync(ServiciosRfc, "dev-issuer", PortalRoles.Approver));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Administration().GrantsAsync(ServiciosRfc));
        var page = Render<CompaniesPage>();

        page.WaitForAssertion(() => Assert.Equal("Only an administrator can manage companies' access.", page.Find("[data-testid=companies-error]").TextContent.Replace("Try again", "", StringComparison.Ordinal).Trim()));
        await using var db = Database.CreateDbContext(company: null);
        Assert.Empty(await db.CompanyGrants.ToListAsync());
    }

    private CompanyAdministration Administration() => Services.GetRequiredService<CompanyAdministration>();

    private static void OpenServicios(IRenderedComponent<CompaniesPage> page)
    {
        page.WaitForElement($"[data-testid=manage-{ServiciosRfc}]").Click();
        page.WaitForAssertion(() => Assert.Contains($"Access to {ServiciosLabel}", page.Find("[data-testid=company-access] h2").TextContent, StringComparison.Ordinal));
    }

    // As a user does it: open the select (its test id is on the input), then click the option in the open list.
    private static void Choose(IRenderedComponent<CompaniesPage> page, IRenderedComponent<MudPopoverProvider> popovers, string testId, string option)
    {
        page.Find($"[data-testid={testId}]").MouseDown();
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-popover-open [role=option]").Single(o => o.TextContent.Trim() == option).Click());
    }

    private static IElement ButtonIn(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);
}
