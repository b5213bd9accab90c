using System.Globalization;
using System.Security.Claims;

namespace ClaraPortal.Web.Security;

/// <summary>
/// Builds the portal's session principal from the provider's id_token claims: a fixed, small set of
/// claims (sub, name, username, email, portal roles), whatever the provider called them. Keeps the
/// cookie small (Entra tokens carry dozens of claims) and role checks independent of the provider.
/// </summary>
public static class PortalPrincipalFactory
{
    public const string AuthenticationType = "ClaraPortal";

    public static ClaimsPrincipal Create(ClaimsPrincipal external, OidcProviderOptions options)
    {
        var subject = external.FindFirst("sub")?.Value
            ?? external.FindFirst("oid")?.Value
            ?? throw new InvalidOperationException("The identity provider sent no subject (sub) claim.");
        var username = First(external, "preferred_username", "upn", "email", "unique_name") ?? subject;
        var displayName = First(external, "name") ?? username;
        var email = First(external, "email");

        var identity = new ClaimsIdentity(AuthenticationType, PortalClaimTypes.Name, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.Subject, subject));
        identity.AddClaim(new Claim(PortalClaimTypes.Name, displayName));
        identity.AddClaim(new Claim(PortalClaimTypes.Username, username));
        if (email is not null)
        {
            identity.AddClaim(new Claim(PortalClaimTypes.Email, email));
        }

        if (long.TryParse(external.FindFirst(PortalClaimTypes.AuthTime)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var authTime))
        {
            // Kept so a card reveal can ask for a recent sign-in (see Features/Cards/RevealSignIn).
            identity.AddClaim(new Claim(PortalClaimTypes.AuthTime, authTime.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        foreach (var role in Roles(external, options))
        {
            identity.AddClaim(new Claim(PortalClaimTypes.Role, role));
        }

        foreach (var rfc in GroupCompanies(external, options))
        {
            identity.AddClaim(new Claim(PortalClaimTypes.GroupCompany, rfc));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>Portal roles from role claims and from groups mapped in <see cref="OidcProviderOptions.GroupRoleMap"/>.</summary>
    public static IReadOnlyList<string> Roles(ClaimsPrincipal external, OidcProviderOptions options)
    {
        var fromRoles = external.FindAll(options.RoleClaimType).Select(c => PortalRoles.Canonical(c.Value));
        var fromGroups = external.FindAll(options.GroupClaimType)
            .Select(c => options.GroupRoleMap.TryGetValue(c.Value, out var role) ? PortalRoles.Canonical(role) : null);
        return fromRoles.Concat(fromGroups).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Companies (RFCs) the user's groups give access to through <see cref="OidcProviderOptions.GroupCompanyMap"/>.</summary>
    public static IReadOnlyList<string> GroupCompanies(ClaimsPrincipal external, OidcProviderOptions options) =>
        external.FindAll(options.GroupClaimType)
            .Select(c => options.GroupCompanyMap.TryGetValue(c.Value, out var rfc) ? rfc.Trim().ToUpperInvariant() : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string? First(ClaimsPrincipal principal, params string[] types) =>
        types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
