using Bunit;
using ClaraPortal.Web.Components;
using ClaraPortal.Web.Features.Dashboard;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Dashboard;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Components;

public sealed class AccessDeniedTests : PortalBunitContext
{
    private readonly TempPortalDatabase _database;

    // The dashboard is the page every role may open: its reads are here so that page really renders.
    public AccessDeniedTests()
        : this(TempPortalDatabase.CreateAsync().GetAwaiter().GetResult())
    {
    }

    private AccessDeniedTests(TempPortalDatabase database)
        : base(services =>
        {
            services.AddSingleton(new ClaraCredentialStatus(() => DateTimeOffset.UtcNow.AddYears(1), TimeProvider.System));
            DashboardServices.AddDashboardReads(services, database);
        }) => _database = database;

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

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
        routes.WaitForAssertion(() => Assert.Equal(
            [new RecordedSecurityEvent(TestUsers.InRole(role).FindFirst(PortalClaimTypes.Subject)?.Value, SecurityActions.AccessDenied, new AccessDeniedDetails(path, null))],
            SecurityAudit.Events));
    }

    [Fact]
    public void The_access_denied_page_records_the_page_the_server_refused_not_its_own_address()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/access-denied?ReturnUrl=%2Fpolicy%3Ftab%3D2");

        var routes = Render<Routes>();

        routes.WaitForAssertion(() => Assert.Equal(
            SecurityActions.AccessDenied + " /policy",
            Assert.Single(SecurityAudit.Events) is { Details: AccessDeniedDetails details } recorded ? $"{recorded.Action} {details.Path}" : null));
    }

    [Fact]
    public void A_signed_in_user_gets_a_page_open_to_them()
    {
        SignIn(TestUsers.InRole(PortalRoles.Auditor));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/");

        var routes = Render<Routes>();

        routes.WaitForAssertion(() => Assert.Equal("Dashboard", routes.Find("h1").TextContent.Trim()));
        Assert.Empty(routes.FindAll("[data-testid=access-denied]"));
        Assert.Empty(SecurityAudit.Events);
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
