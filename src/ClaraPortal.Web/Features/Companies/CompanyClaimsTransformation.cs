using System.Security.Claims;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Companies;

/// <summary>
/// Shapes every authenticated request's principal for one company (<see cref="CompanyAccessRules"/>): the roles there,
/// the company claim, the switcher's choices. Read at each request (a circuit keeps what its connection saw), so a
/// grant, a revocation or a switch takes effect on the next page load; the cookie keeps only what the provider said.
/// </summary>
internal sealed class CompanyClaimsTransformation(PortalCompanies companies, PortalDatabase database) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || principal.HasClaim(c => c.Type == PortalClaimTypes.CompanyAccessApplied)
            || principal.FindFirst(PortalClaimTypes.Subject)?.Value is not { } subject)
        {
            return principal;
        }

        await using var db = database.WithoutCompany();
        var preference = await db.Users.AsNoTracking().Where(u => u.Subject == subject).Select(u => u.CompanyPreference).FirstOrDefaultAsync();
        var grants = await db.CompanyGrants.AsNoTracking().Where(g => g.Subject == subject)
            .Select(g => new CompanyRoleGrant(g.Company, g.Role)).ToListAsync();
        var providerRoles = principal.FindAll(PortalClaimTypes.Role).Select(c => c.Value).ToList();
        var groupCompanies = principal.FindAll(PortalClaimTypes.GroupCompany).Select(c => c.Value).ToList();
        var access = CompanyAccessRules.Resolve(companies, providerRoles, grants, groupCompanies);
        return CompanyAccessRules.Apply(principal, access, preference);
    }
}
