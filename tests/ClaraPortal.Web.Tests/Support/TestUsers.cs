using System.Security.Claims;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>Signed-in principals shaped like the portal's own session (after <see cref="PortalPrincipalFactory"/>).</summary>
public static class TestUsers
{
    public static ClaimsPrincipal Anonymous { get; } = new(new ClaimsIdentity());

    public static ClaimsPrincipal WithRoles(string subject, string displayName, params string[] roles)
    {
        var identity = new ClaimsIdentity(PortalPrincipalFactory.AuthenticationType, PortalClaimTypes.Name, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.Subject, subject));
        identity.AddClaim(new Claim(PortalClaimTypes.Name, displayName));
        identity.AddClaim(new Claim(PortalClaimTypes.Username, subject));
        identity.AddClaims(roles.Select(r => new Claim(PortalClaimTypes.Role, r)));
        // As the company access rules leave a request: working in the owner company, the only one offered.
        identity.AddClaim(new Claim(PortalClaimTypes.CompanyAccessApplied, "1"));
        identity.AddClaim(new Claim(PortalClaimTypes.Company, CompanyKeys.Owner));
        identity.AddClaim(new Claim(PortalClaimTypes.CompanyOption, CompanyKeys.Owner));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The same user working in <paramref name="company"/>, with <paramref name="options"/> (default: just it) to switch to.</summary>
    public static ClaimsPrincipal InCompany(ClaimsPrincipal user, PortalCompany company, params PortalCompany[] options)
    {
        var source = user.Identities.First();
        var identity = new ClaimsIdentity(
            source.Claims.Where(c => c.Type is not (PortalClaimTypes.Company or PortalClaimTypes.CompanyOption)),
            source.AuthenticationType, source.NameClaimType, source.RoleClaimType);
        identity.AddClaim(new Claim(PortalClaimTypes.Company, company.Key));
        identity.AddClaims((options.Length == 0 ? [company] : options).Select(c => new Claim(PortalClaimTypes.CompanyOption, c.Key)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Signed in, but the access rules found no company for them.</summary>
    public static ClaimsPrincipal WithoutCompany(string subject, string displayName)
    {
        var identity = new ClaimsIdentity(PortalPrincipalFactory.AuthenticationType, PortalClaimTypes.Name, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.Subject, subject));
        identity.AddClaim(new Claim(PortalClaimTypes.Name, displayName));
        identity.AddClaim(new Claim(PortalClaimTypes.Username, subject));
        identity.AddClaim(new Claim(PortalClaimTypes.CompanyAccessApplied, "1"));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// The same user as a fresh sign-in at <paramref name="at"/> leaves them: with the provider's auth_time, which a card
    /// reveal asks to be recent. Users built above have none (an old session, as far as a reveal is concerned).
    /// </summary>
    public static ClaimsPrincipal SignedInAt(ClaimsPrincipal user, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(user);
        var source = user.Identities.First();
        var identity = new ClaimsIdentity(
            source.Claims.Where(c => c.Type != PortalClaimTypes.AuthTime), source.AuthenticationType, source.NameClaimType, source.RoleClaimType);
        identity.AddClaim(new Claim(PortalClaimTypes.AuthTime, at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The user signed in just now by <paramref name="time"/>, unless the test gave them a sign-in time of its own.</summary>
    public static ClaimsPrincipal SignedInNow(ClaimsPrincipal user, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated != true || user.HasClaim(c => c.Type == PortalClaimTypes.AuthTime)
            ? user
            : SignedInAt(user, (time ?? TimeProvider.System).GetUtcNow());
    }

    public static ClaimsPrincipal InRole(string role) => role switch
    {
        PortalRoles.Issuer => WithRoles("dev-issuer", "Isabel Issuer", role),
        PortalRoles.Approver => WithRoles("dev-approver", "Alma Approver", role),
        PortalRoles.Auditor => WithRoles("dev-auditor", "Aurora Auditor", role),
        PortalRoles.Admin => WithRoles("dev-admin", "Adrian Admin", role),
        _ => WithRoles("someone", "Some One"),
    };
}
