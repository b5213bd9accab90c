using System.Security.Claims;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Features.Companies;

/// <summary>What a user may do in one company: the roles they hold there.</summary>
public sealed record CompanyAccess(PortalCompany Company, IReadOnlyList<string> Roles);

/// <summary>An Admin's grant of a role in a company, as the rules read it.</summary>
public sealed record CompanyRoleGrant(string Company, string Role);

/// <summary>
/// Who works where, with which roles. The identity provider says what a person is (their roles); the company decides
/// where those apply:
/// <list type="bullet">
/// <item>An Admin (from the provider) reaches every company.</item>
/// <item>A company with <c>DefaultAccess</c>, or one the user's groups map to (<c>GroupCompanyMap</c>), takes their provider roles.</item>
/// <item>An Admin's grants add roles per company, on the Companies page.</item>
/// </list>
/// A company where the user ends up with no role is not theirs.
/// </summary>
public static class CompanyAccessRules
{
    public static IReadOnlyList<CompanyAccess> Resolve(
        PortalCompanies companies, IReadOnlyCollection<string> providerRoles, IEnumerable<CompanyRoleGrant> grants, IReadOnlyCollection<string> groupCompanies)
    {
        ArgumentNullException.ThrowIfNull(companies);
        ArgumentNullException.ThrowIfNull(providerRoles);
        var granted = grants.ToLookup(g => g.Company, g => PortalRoles.Canonical(g.Role), StringComparer.Ordinal);
        var admin = providerRoles.Contains(PortalRoles.Admin);
        var access = new List<CompanyAccess>();
        foreach (var company in companies.All)
        {
            var fromProvider = admin || company.DefaultAccess || (company.TaxIdentifier is { } rfc && groupCompanies.Contains(rfc));
            var roles = (fromProvider ? providerRoles : [])
                .Concat(granted[company.Key].OfType<string>().Where(r => r != PortalRoles.Admin))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (roles.Count > 0)
            {
                access.Add(new CompanyAccess(company, roles));
            }
        }

        return access;
    }

    /// <summary>
    /// The principal a request works with: the roles of the chosen company (the preference when the user still has it,
    /// else the first they have), the company itself and the ones they may switch to. With no company: no roles at all.
    /// </summary>
    public static ClaimsPrincipal Apply(ClaimsPrincipal principal, IReadOnlyList<CompanyAccess> access, string? preference)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(access);
        var source = principal.Identities.First(i => i.IsAuthenticated);
        var chosen = access.FirstOrDefault(a => a.Company.Key == preference) ?? (access.Count > 0 ? access[0] : null);
        var identity = new ClaimsIdentity(
            source.Claims.Where(c => c.Type is not (PortalClaimTypes.Role or PortalClaimTypes.Company or PortalClaimTypes.CompanyOption)),
            source.AuthenticationType, source.NameClaimType, source.RoleClaimType);
        identity.AddClaim(new Claim(PortalClaimTypes.CompanyAccessApplied, "1"));
        if (chosen is not null)
        {
            identity.AddClaim(new Claim(PortalClaimTypes.Company, chosen.Company.Key));
            identity.AddClaims(chosen.Roles.Select(r => new Claim(PortalClaimTypes.Role, r)));
            identity.AddClaims(access.Select(a => new Claim(PortalClaimTypes.CompanyOption, a.Company.Key)));
        }

        return new ClaimsPrincipal(identity);
    }
}
