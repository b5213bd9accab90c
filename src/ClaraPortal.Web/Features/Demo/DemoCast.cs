using System.Security.Claims;
using ClaraPortal.Identity;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// The demo users as the portal's services see them: rows in <c>Users</c> (so filters show names and approvals find the
/// requester's roles), grants in the subsidiaries (so the same people work there), and a signed-in principal per user and
/// company, shaped by the same access rules a real sign-in goes through.
/// </summary>
internal sealed class DemoCast(PortalDatabase database, PortalCompanies companies, IServiceScopeFactory scopes, TimeProvider time)
{
    public static DemoUser Issuer { get; } = Demo("dev-issuer");
    public static DemoUser Issuer2 { get; } = Demo("dev-issuer2");
    public static DemoUser Approver { get; } = Demo("dev-approver");
    public static DemoUser Approver2 { get; } = Demo("dev-approver2");
    public static DemoUser Admin { get; } = Demo("dev-admin");

    private Dictionary<string, IReadOnlyList<CompanyRoleGrant>> _grants = [];

    /// <summary>Adds the demo users that never signed in, and grants them their roles in every company not open to all.</summary>
    public async Task PrepareAsync(DateTimeOffset firstSeen, CancellationToken ct)
    {
        await using (var db = database.WithoutCompany())
        {
            var known = await db.Users.Select(u => u.Subject).ToListAsync(ct);
            // A user with no role (norole) shows the no-access page; the demo's history has no part for them.
            foreach (var user in DemoUsers.All.Where(u => u.Roles.Count > 0 && !known.Contains(u.Subject)))
            {
                db.Users.Add(new PortalUser
                {
                    Subject = user.Subject,
                    Username = user.Username,
                    DisplayName = user.DisplayName,
                    Email = user.Email,
                    Roles = string.Join(',', user.Roles),
                    FirstSeenAt = firstSeen,
                    LastSeenAt = time.GetUtcNow(),
                });
            }

            await db.SaveChangesAsync(ct);
        }

        // Through the Companies page's own service (audited, Admin only), as an Admin would open a subsidiary to the team.
        foreach (var company in companies.All.Where(c => !c.DefaultAccess))
        {
            await using var scope = Enter(companies.Owner, Admin);
            var administration = scope.ServiceProvider.GetRequiredService<CompanyAdministration>();
            foreach (var user in DemoUsers.All)
            {
                foreach (var role in user.Roles.Where(r => CompanyAdministration.GrantableRoles.Contains(r)))
                {
                    await administration.GrantAsync(company.Key, user.Subject, role, ct);
                }
            }
        }

        await using (var db = database.WithoutCompany())
        {
            var grants = await db.CompanyGrants.AsNoTracking().ToListAsync(ct);
            _grants = grants.GroupBy(g => g.Subject)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<CompanyRoleGrant>)[.. g.Select(x => new CompanyRoleGrant(x.Company, x.Role))]);
        }
    }

    /// <summary>A scope working for <paramref name="company"/> with <paramref name="user"/> signed in, as a circuit of theirs would be.</summary>
    public AsyncServiceScope Enter(PortalCompany company, DemoUser user)
    {
        var scope = scopes.CreateCompanyScope(company);
        if (scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>() is not IHostEnvironmentAuthenticationStateProvider host)
        {
            throw new InvalidOperationException("The seeding host cannot sign a user in: its AuthenticationStateProvider takes no state from outside.");
        }

        host.SetAuthenticationState(Task.FromResult(new AuthenticationState(PrincipalOf(user, company))));
        return scope;
    }

    /// <summary>What a sign-in of <paramref name="user"/> gives, then the company access rules for <paramref name="company"/>.</summary>
    public ClaimsPrincipal PrincipalOf(DemoUser user, PortalCompany company)
    {
        var identity = new ClaimsIdentity(PortalPrincipalFactory.AuthenticationType, PortalClaimTypes.Name, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.Subject, user.Subject));
        identity.AddClaim(new Claim(PortalClaimTypes.Name, user.DisplayName));
        identity.AddClaim(new Claim(PortalClaimTypes.Username, user.Username));
        identity.AddClaim(new Claim(PortalClaimTypes.Email, user.Email));
        identity.AddClaims(user.Roles.Select(r => new Claim(PortalClaimTypes.Role, r)));
        var access = CompanyAccessRules.Resolve(companies, user.Roles, _grants.GetValueOrDefault(user.Subject, []), []);
        if (access.All(a => a.Company.Key != company.Key))
        {
            throw new InvalidOperationException($"Demo user {user.Username} has no access to {company.Label}.");
        }

        return CompanyAccessRules.Apply(new ClaimsPrincipal(identity), access, company.Key);
    }

    private static DemoUser Demo(string subject) =>
        DemoUsers.FindBySubject(subject) ?? throw new InvalidOperationException($"Demo user {subject} is not in the development directory.");
}
