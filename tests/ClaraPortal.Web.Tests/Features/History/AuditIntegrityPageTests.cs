using Bunit;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Features.Dashboard;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Dashboard;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>The verify page over a real database and the run's chain key: intact, broken, and what the dashboard then shows.</summary>
public sealed class AuditIntegrityPageTests : PortalBunitContext
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
    private readonly TempPortalDatabase _database;

    public AuditIntegrityPageTests()
        : this(TempPortalDatabase.CreateAsync().GetAwaiter().GetResult())
    {
    }

    private AuditIntegrityPageTests(TempPortalDatabase database)
        : base(services =>
        {
            services.AddSingleton(database.Portal);
            services.AddSingleton(TestAuditChain.Verifier(database.Portal, batchSize: 2));
            services.AddScoped<AuditIntegrity>();
            services.AddSingleton(new ClaraCredentialStatus(() => At.AddYears(1), TimeProvider.System));
            DashboardServices.AddDashboardReads(services, database);
        })
    {
        _database = database;
    }

    private AuditChainStatus Status => Services.GetRequiredService<AuditChainStatus>();

    [Fact]
    public async Task Verify_now_says_intact_with_the_number_of_events_checked()
    {
        await AppendAsync(5);
        SignIn(TestUsers.InRole(PortalRoles.Auditor));
        var page = Render<AuditIntegrityPage>();

        page.Find("[data-testid=verify-chain]").Click();

        page.WaitForAssertion(() => Assert.Equal("Intact: 5 events checked", page.Find("[data-testid=chain-result]").TextContent.Trim()));
        Assert.True(Status.Latest?.IsIntact);
        Assert.Empty(page.FindAll("[data-testid=verify-progress]"));
    }

    [Fact]
    public async Task Verify_now_names_the_first_broken_event_its_time_and_what_differs()
    {
        await AppendAsync(5);
        await using (var db = _database.CreateDbContext())
        {
            await TestAuditChain.DropAppendOnlyTriggersAsync(db);
            await db.Database.ExecuteSqlRawAsync("UPDATE AuditEvents SET ActorName = 'Someone Else' WHERE Id = 3");
        }

        SignIn(TestUsers.InRole(PortalRoles.Admin));
        var page = Render<AuditIntegrityPage>();

        page.Find("[data-testid=verify-chain]").Click();

        page.WaitForAssertion(() => Assert.Contains("The audit log was tampered with", page.Find("[data-testid=chain-result]").TextContent, StringComparison.Ordinal));
        Assert.Equal("#3", page.Find("[data-testid=chain-break-event]").TextContent.Trim());
        Assert.Equal(PortalFormat.Timestamp(At.AddMinutes(3)), page.Find("[data-testid=chain-break-time]").TextContent.Trim());
        Assert.Equal("Its contents no longer match its signature: the event was edited.", page.Find("[data-testid=chain-break-kind]").TextContent.Trim());
        Assert.DoesNotContain("Intact", page.Find("[data-testid=chain-result]").TextContent, StringComparison.Ordinal);
        Assert.Equal(AuditChainBreakKind.ContentChanged, Status.Latest?.Break?.Kind);
    }

    [Fact]
    public void The_page_shows_the_latest_result_and_when_the_scheduled_check_last_ran()
    {
        Status.Record(new AuditChainReport(41, new AuditChainBreak(AuditChainBreakKind.Missing, 42, null), At), scheduled: true);
        SignIn(TestUsers.InRole(PortalRoles.Auditor));

        var page = Render<AuditIntegrityPage>();

        Assert.Equal($"Last scheduled check: {PortalFormat.Timestamp(At)}", page.Find("[data-testid=chain-last-scheduled]").TextContent.Trim());
        Assert.Equal("#42", page.Find("[data-testid=chain-break-event]").TextContent.Trim());
        Assert.Equal("Unknown (the event is gone)", page.Find("[data-testid=chain-break-time]").TextContent.Trim());
        Assert.Equal("It is missing: the event was deleted from the database.", page.Find("[data-testid=chain-break-kind]").TextContent.Trim());
    }

    [Fact]
    public void The_result_view_says_intact_in_spanish_too()
    {
        using var culture = new CultureScope("es-MX");

        var view = Render<AuditChainResult>(p => p.Add(r => r.Report, new AuditChainReport(1234, null, At)));

        Assert.Equal("Íntegra: 1,234 eventos verificados", view.Find("[data-testid=chain-result]").TextContent.Trim());
    }

    [Theory]
    [InlineData(PortalRoles.Auditor, true)]
    [InlineData(PortalRoles.Admin, true)]
    [InlineData(PortalRoles.Approver, false)]
    public void The_dashboard_shows_a_broken_chain_to_auditors_and_admins(string role, bool shown)
    {
        Status.Record(new AuditChainReport(6, new AuditChainBreak(AuditChainBreakKind.ContentChanged, 7, At), At), scheduled: true);
        SignIn(TestUsers.InRole(role));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("Dashboard", page.Find("h1").TextContent.Trim()));
        Assert.Equal(shown, page.FindAll("[data-testid=audit-chain-broken]").Count == 1);
        if (shown)
        {
            Assert.Equal("/history/integrity", page.Find("[data-testid=audit-chain-broken] a").GetAttribute("href"));
            Assert.Contains("Event #7", page.Find("[data-testid=audit-chain-broken]").TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_dashboard_banner_appears_when_a_verification_finds_the_chain_broken_and_not_before()
    {
        SignIn(TestUsers.InRole(PortalRoles.Auditor));
        Status.Record(new AuditChainReport(6, null, At), scheduled: true);
        var page = Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Equal("Dashboard", page.Find("h1").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=audit-chain-broken]"));

        Status.Record(new AuditChainReport(6, new AuditChainBreak(AuditChainBreakKind.LinkBroken, 7, At), At), scheduled: true);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=audit-chain-broken]")));
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    private async Task AppendAsync(int count)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At);
        var trail = TestAuditChain.Trail(time);
        for (var i = 1; i <= count; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await using var db = _database.CreateDbContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await trail.AppendAsync(db, new AuditActor("dev-admin", "Adrian Admin"), new AuditEntry("thing", "Test", null), null);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }
}
