using Bunit;
using ClaraPortal.Web.Features.Dashboard;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Features.Dashboard;

/// <summary>The dashboard's Clara connection card and its expiry warning, per role and per clock.</summary>
public sealed class ClaraConnectionCardTests : PortalBunitContext
{
    private static readonly DateTimeOffset NotAfter = new(2027, 3, 31, 18, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time;
    private readonly TempPortalDatabase _database;

    public ClaraConnectionCardTests()
        : this(new FakeTimeProvider(), TempPortalDatabase.CreateAsync().GetAwaiter().GetResult())
    {
    }

    private ClaraConnectionCardTests(FakeTimeProvider time, TempPortalDatabase database)
        : base(services =>
        {
            services.AddSingleton(new ClaraCredentialStatus(() => NotAfter, time));
            DashboardServices.AddDashboardReads(services, database, time);
        })
    {
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        _time = time;
        _database = database;
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    [Fact]
    public void An_admin_sees_the_expiry_date_and_no_warning_while_far_off()
    {
        using var culture = new CultureScope("en-US");
        _time.SetUtcNow(NotAfter.AddDays(-120));
        SignIn(TestUsers.InRole(PortalRoles.Admin));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("Clara connection", page.Markup, StringComparison.Ordinal));
        Assert.Equal("Client certificate valid until 3/31/2027", page.Find("[data-testid=clara-certificate-valid-until]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=clara-certificate-expiring]"));
        Assert.Empty(page.FindAll("[data-testid=clara-certificate-expired]"));
    }

    [Fact]
    public void An_admin_is_warned_when_it_expires_within_thirty_days()
    {
        using var culture = new CultureScope("en-US");
        _time.SetUtcNow(NotAfter.AddDays(-12));
        SignIn(TestUsers.InRole(PortalRoles.Admin));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=clara-certificate-expiring]")));
        Assert.Contains(
            "The Clara client certificate expires in 12 days. Download a new certificate, key and client secret from Clara and update the portal's settings.",
            page.Find("[data-testid=clara-certificate-expiring]").TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=clara-connection]"));
    }

    [Fact]
    public void An_issuer_gets_the_warning_without_the_card()
    {
        using var culture = new CultureScope("en-US");
        _time.SetUtcNow(NotAfter.AddDays(-3));
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=clara-certificate-expiring]")));
        Assert.Contains("expires in 3 days", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=clara-connection]"));
    }

    [Fact]
    public void An_issuer_sees_nothing_of_it_while_far_off()
    {
        _time.SetUtcNow(NotAfter.AddDays(-31));
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("Dashboard", page.Find("h1").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=clara-certificate-expiring]"));
        Assert.Empty(page.FindAll("[data-testid=clara-connection]"));
    }

    [Fact]
    public void An_approver_is_not_shown_the_warning()
    {
        _time.SetUtcNow(NotAfter.AddDays(-3));
        SignIn(TestUsers.InRole(PortalRoles.Approver));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("Dashboard", page.Find("h1").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=clara-certificate-expiring]"));
        Assert.Empty(page.FindAll("[data-testid=clara-connection]"));
    }

    [Fact]
    public void An_auditor_sees_the_whole_card_with_its_warning()
    {
        using var culture = new CultureScope("en-US");
        _time.SetUtcNow(NotAfter.AddDays(-3));
        SignIn(TestUsers.InRole(PortalRoles.Auditor));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=clara-connection]")));
        Assert.Equal("Client certificate valid until 3/31/2027", page.Find("[data-testid=clara-certificate-valid-until]").TextContent.Trim());
        Assert.Contains("expires in 3 days", page.Find("[data-testid=clara-certificate-expiring]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Once_expired_it_is_an_error_not_a_warning()
    {
        using var culture = new CultureScope("en-US");
        _time.SetUtcNow(NotAfter.AddDays(2));
        SignIn(TestUsers.InRole(PortalRoles.Admin));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=clara-certificate-expired]")));
        Assert.Contains("expired on 3/31/2027", page.Find("[data-testid=clara-certificate-expired]").TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-alert-text-error", page.Find("[data-testid=clara-certificate-expired]").ClassName, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=clara-certificate-expiring]"));
    }

    [Fact]
    public void The_card_speaks_spanish_for_es_MX()
    {
        using var culture = new CultureScope("es-MX");
        _time.SetUtcNow(NotAfter.AddDays(-12));
        SignIn(TestUsers.InRole(PortalRoles.Admin));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("Conexión con Clara", page.Markup, StringComparison.Ordinal));
        Assert.Equal("Certificado de cliente válido hasta el 31/03/2027", page.Find("[data-testid=clara-certificate-valid-until]").TextContent.Trim());
        Assert.Contains("vence en 12 días", page.Find("[data-testid=clara-certificate-expiring]").TextContent, StringComparison.Ordinal);
    }
}
