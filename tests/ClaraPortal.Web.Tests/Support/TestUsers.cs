using System.Security.Claims;
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
        return new ClaimsPrincipal(identity);
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
