using System.Security.Claims;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Features.Companies;

/// <summary>
/// Admin's grants and revocations (audited in the company they touch), and the per-request claims transformation that
/// reads them, with the user's company preference, from a real SQLite file.
/// </summary>
public sealed class CompanyAdministrationTests : IAsyncLifetime
{
    private static readonly PortalCompany Servicios = TestCompanies.Servicios;
    private static readonly PortalCompany Owner = TestCompanies.Owner;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TempPortalDatabase.CreateAsync();
        await using var db = _database.CreateDbContext(null);
        db.Users.Add(new PortalUser { Subject = "dev-issuer", Username = "issuer", DisplayName = "Isabel Issuer", FirstSeenAt = _time.GetUtcNow(), LastSeenAt = _time.GetUtcNow() });
        db.Users.Add(new PortalUser { Subject = "dev-admin", Username = "admin", DisplayName = "Adrian Admin", FirstSeenAt = _time.GetUtcNow(), LastSeenAt = _time.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_admin_grants_and_revokes_a_role_audited_in_that_company_only()
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));

        Assert.Equal(GrantOutcome.Granted, await admin.GrantAsync(Servicios.Key, "dev-issuer", "approver"));
        Assert.Equal(GrantOutcome.AlreadyGranted, await admin.GrantAsync(Servicios.Key, "dev-issuer", "Approver"));
        Assert.Equal(GrantOutcome.Granted, await admin.GrantAsync(Owner.Key, "dev-issuer", PortalRoles.Auditor));

        var grant = Assert.Single(await admin.GrantsAsync(Servicios.Key));
        Assert.Equal(("dev-issuer", "Isabel Issuer", PortalRoles.Approver, "Adrian Admin", _time.GetUtcNow()), (grant.Subject, grant.UserName, grant.Role, grant.GrantedByName, grant.GrantedAt));
        Assert.Equal(PortalRoles.Auditor, Assert.Single(await admin.GrantsAsync(Owner.Key)).Role);

        Assert.True(await admin.RevokeAsync(Servicios.Key, grant.Id));
        Assert.False(await admin.RevokeAsync(Servicios.Key, grant.Id));
        Assert.Empty(await admin.GrantsAsync(Servicios.Key));

        await using var servicios = _database.CreateDbContext(Servicios.Key);
        var events = await servicios.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([CompanyAdministration.GrantAction, CompanyAdministration.RevokeAction], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal((CompanyAdministration.EntityType, grant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "dev-admin"), (e.EntityType, e.EntityId, e.ActorId)));
        Assert.Contains("Approver", events[0].AfterJson, StringComparison.Ordinal);
        Assert.Contains("dev-issuer", events[1].BeforeJson, StringComparison.Ordinal);
        await using var owner = _database.CreateDbContext(Owner.Key);
        Assert.Equal([CompanyAdministration.GrantAction], await owner.AuditEvents.Select(e => e.Action).ToListAsync());
        Assert.Equal(new ChainCheck(true, 3, null), await TestAuditChain.VerifyAsync(owner));
    }

    [Fact]
    public async Task A_grant_of_another_company_is_not_revoked_through_this_one()
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));
        await admin.GrantAsync(Servicios.Key, "dev-issuer", PortalRoles.Issuer);
        var grant = Assert.Single(await admin.GrantsAsync(Servicios.Key));

        Assert.False(await admin.RevokeAsync(Owner.Key, grant.Id));

        Assert.Single(await admin.GrantsAsync(Servicios.Key));
        await using var owner = _database.CreateDbContext(Owner.Key);
        Assert.Empty(await owner.AuditEvents.ToListAsync());
    }

    [Theory]
    [InlineData(PortalRoles.Issuer)]
    [InlineData(PortalRoles.Approver)]
    [InlineData(PortalRoles.Auditor)]
    public async Task Only_an_admin_manages_companies(string role)
    {
        var someone = Administration(TestUsers.InCompany(TestUsers.InRole(role), Servicios));
        long existing;
        {
            var admin = Administration(TestUsers.InRole(PortalRoles.Admin));
            await admin.GrantAsync(Servicios.Key, "dev-issuer", PortalRoles.Auditor);
            existing = Assert.Single(await admin.GrantsAsync(Servicios.Key)).Id;
        }

        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.GrantAsync(Servicios.Key, "dev-issuer", PortalRoles.Issuer));
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.RevokeAsync(Servicios.Key, existing));
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.GrantsAsync(Servicios.Key));
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.UsersAsync());

        await using var db = _database.CreateDbContext(null);
        Assert.Equal([existing], await db.CompanyGrants.Select(g => g.Id).ToListAsync());
    }

    [Fact]
    public async Task A_grant_to_someone_who_never_signed_in_to_an_unknown_company_or_of_admin_is_refused_and_writes_nothing()
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));

        await Assert.ThrowsAsync<ArgumentException>(() => admin.GrantAsync(Servicios.Key, "nobody", PortalRoles.Issuer));
        await Assert.ThrowsAsync<ArgumentException>(() => admin.GrantAsync("XAXX010101000", "dev-issuer", PortalRoles.Issuer));
        await Assert.ThrowsAsync<ArgumentException>(() => admin.GrantAsync(Servicios.Key, "dev-issuer", PortalRoles.Admin));
        await Assert.ThrowsAsync<ArgumentException>(() => admin.GrantAsync(Servicios.Key, "dev-issuer", "Superuser"));

        await using var db = _database.CreateDbContext(Servicios.Key);
        Assert.Empty(await db.CompanyGrants.ToListAsync());
        Assert.Empty(await db.AuditEvents.IgnoreQueryFilters().ToListAsync());
        Assert.Equal(["Adrian Admin", "Isabel Issuer"], (await admin.UsersAsync()).Select(u => u.DisplayName));
    }

    [Fact]
    public async Task The_claims_transformation_applies_grants_and_the_preference_and_takes_them_back_on_the_next_request()
    {
        var transformation = new CompanyClaimsTransformation(TestCompanies.Sandbox, _database.Portal);
        var signedIn = SignedIn("dev-issuer", PortalRoles.Issuer);

        var before = await transformation.TransformAsync(signedIn);
        Assert.Equal(Owner.Key, Company(before));
        Assert.Equal([PortalRoles.Issuer], CompanyAccessRulesTests.Roles(before));
        Assert.Equal([Owner.Key], Options(before));

        // An Admin grants Approver in Servicios, and the user picks Servicios.
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));
        await admin.GrantAsync(Servicios.Key, "dev-issuer", PortalRoles.Approver);
        await SetPreferenceAsync("dev-issuer", Servicios.Key);

        var after = await transformation.TransformAsync(signedIn);
        Assert.Equal(Servicios.Key, Company(after));
        Assert.Equal([PortalRoles.Approver], CompanyAccessRulesTests.Roles(after));
        Assert.Equal([Owner.Key, Servicios.Key], Options(after));
        // Already shaped for this request: not shaped again.
        Assert.Same(after, await transformation.TransformAsync(after));

        // Revoked: the preference no longer counts, the owner company is back.
        await admin.RevokeAsync(Servicios.Key, Assert.Single(await admin.GrantsAsync(Servicios.Key)).Id);
        var revoked = await transformation.TransformAsync(signedIn);
        Assert.Equal(Owner.Key, Company(revoked));
        Assert.Equal([PortalRoles.Issuer], CompanyAccessRulesTests.Roles(revoked));
        Assert.Equal([Owner.Key], Options(revoked));
    }

    [Fact]
    public async Task The_claims_transformation_gives_group_companies_the_provider_roles_and_nobody_else_anything()
    {
        var transformation = new CompanyClaimsTransformation(TestCompanies.Sandbox, _database.Portal);
        var options = new OidcProviderOptions();
        options.GroupCompanyMap["servicios-team"] = Servicios.TaxIdentifier!;
        var external = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "dev-issuer"), new Claim("name", "Isabel Issuer"), new Claim("role", "Issuer"), new Claim("groups", "servicios-team")], "oidc"));
        await SetPreferenceAsync("dev-issuer", Servicios.Key);

        var grouped = await transformation.TransformAsync(PortalPrincipalFactory.Create(external, options));

        Assert.Equal(Servicios.Key, Company(grouped));
        Assert.Equal([PortalRoles.Issuer], CompanyAccessRulesTests.Roles(grouped));
        Assert.Equal([Owner.Key, Servicios.Key], Options(grouped));

        // Signed in without any role and without grants: no company at all, so the portal shows nothing.
        var nobody = await transformation.TransformAsync(SignedIn("dev-admin"));
        Assert.Null(nobody.FindFirst(PortalClaimTypes.Company));
        Assert.Empty(CompanyAccessRulesTests.Roles(nobody));
        Assert.Null(TestCompanies.Sandbox.Of(nobody));

        // Not signed in: left alone.
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        Assert.Same(anonymous, await transformation.TransformAsync(anonymous));
    }

    private CompanyAdministration Administration(ClaimsPrincipal user) =>
        new(_database.Portal, TestCompanies.Sandbox, PortalServices.CurrentUser(user), TestAuditChain.Trail(_time), _time);

    private async Task SetPreferenceAsync(string subject, string company)
    {
        await using var db = _database.CreateDbContext(null);
        (await db.Users.SingleAsync(u => u.Subject == subject)).CompanyPreference = company;
        await db.SaveChangesAsync();
    }

    private static ClaimsPrincipal SignedIn(string subject, params string[] roles)
    {
        var identity = new ClaimsIdentity(PortalPrincipalFactory.AuthenticationType, PortalClaimTypes.Name, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.Subject, subject));
        identity.AddClaim(new Claim(PortalClaimTypes.Name, subject));
        identity.AddClaims(roles.Select(r => new Claim(PortalClaimTypes.Role, r)));
        return new ClaimsPrincipal(identity);
    }

    private static string? Company(ClaimsPrincipal principal) => principal.FindFirst(PortalClaimTypes.Company)?.Value;

    private static List<string> Options(ClaimsPrincipal principal) => [.. principal.FindAll(PortalClaimTypes.CompanyOption).Select(c => c.Value)];
}
