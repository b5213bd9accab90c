using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Web.Tests.Security;

/// <summary>Sign-ins, sign-outs and refusals as audit events of the owner company, in the one chain.</summary>
public sealed class SecurityAuditTests : IAsyncLifetime
{
    private readonly TestLog _log = new();
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_sign_in_and_a_sign_out_are_owner_company_events_that_keep_the_chain_intact()
    {
        var user = TestUsers.WithRoles("dev-issuer", "Isabel Issuer", PortalRoles.Issuer);
        var audit = Audit(_database.Portal);

        await audit.RecordAsync(user, SecurityActions.SignedIn, details: null);
        await audit.RecordAsync(user, SecurityActions.SignedOut, details: null);

        await using var db = _database.CreateDbContext(CompanyKeys.Owner);
        var events = await db.AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [(SecurityActions.SignedIn, "dev-issuer", "Isabel Issuer", SecurityActions.UserEntity, "dev-issuer"), (SecurityActions.SignedOut, "dev-issuer", "Isabel Issuer", SecurityActions.UserEntity, "dev-issuer")],
            events.Select(e => (e.Action, e.ActorId, e.ActorName, e.EntityType, e.EntityId)));
        Assert.All(events, e => Assert.Equal(CompanyKeys.Owner, e.Company));
        Assert.Equal(new ChainCheck(true, 2, null), await TestAuditChain.VerifyAsync(db));
    }

    [Fact]
    public async Task A_user_working_in_a_subsidiary_still_signs_in_on_the_owners_chain()
    {
        var user = TestUsers.InCompany(TestUsers.WithRoles("dev-admin", "Adrian Admin", PortalRoles.Admin), TestCompanies.Servicios);

        await Audit(_database.Portal).RecordAsync(user, SecurityActions.SignedIn, details: null);

        await using var owner = _database.CreateDbContext(CompanyKeys.Owner);
        Assert.Equal(SecurityActions.SignedIn, (await owner.AuditEvents.SingleAsync()).Action);
    }

    [Fact]
    public async Task A_service_refusing_a_user_records_access_denied_with_the_policy_and_still_refuses()
    {
        var user = TestUsers.WithRoles("dev-issuer", "Isabel Issuer", PortalRoles.Issuer);
        await using var services = new ServiceCollection()
            .AddPortalSecurityFor(user)
            .AddScoped<CurrentUserAccessor>()
            .AddSingleton<ISecurityAudit>(Audit(_database.Portal))
            .AddScoped<AuditedCurrentUser>()
            .BuildServiceProvider();
        var currentUser = services.GetRequiredService<AuditedCurrentUser>();

        Assert.Equal("dev-issuer", (await currentUser.DemandAsync(PortalPolicies.CanIssue)).Subject);
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => currentUser.DemandAsync(PortalPolicies.CanManagePolicy));

        Assert.Equal(PortalPolicies.CanManagePolicy, denied.Policy);
        await using var db = _database.CreateDbContext(CompanyKeys.Owner);
        var audit = await db.AuditEvents.SingleAsync();
        Assert.Equal((SecurityActions.AccessDenied, "dev-issuer"), (audit.Action, audit.ActorId));
        Assert.Equal("""{"path":null,"policy":"CanManagePolicy"}""", audit.AfterJson);
    }

    [Fact]
    public async Task A_failure_to_write_the_event_is_logged_and_does_not_stop_the_sign_in()
    {
        // A database that cannot be opened: the folder it would live in does not exist.
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigureSqlite(builder, $"Data Source={Path.Combine(_database.Directory, "missing", "portal.db")};Mode=ReadWrite");
        var audit = Audit(new PortalDatabase(builder.Options));

        await audit.RecordAsync(TestUsers.WithRoles("dev-issuer", "Isabel Issuer", PortalRoles.Issuer), SecurityActions.SignedIn, details: null);

        var logged = Assert.Single(_log.Of<SecurityAudit>());
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(SecurityActions.SignedIn, logged.Message, StringComparison.Ordinal);
        Assert.NotNull(logged.Exception);
    }

    private SecurityAudit Audit(PortalDatabase database) =>
        new(database, TestCompanies.Sandbox, TestAuditChain.Trail(TimeProvider.System), _log.For<SecurityAudit>());
}
