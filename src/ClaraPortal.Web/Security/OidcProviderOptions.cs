using System.ComponentModel.DataAnnotations;

namespace ClaraPortal.Web.Security;

/// <summary>
/// The OpenID Connect provider the portal signs users in with (Entra ID, Okta, Keycloak, or the
/// embedded development provider). Bound from <c>Authentication:OpenIdConnect</c>.
/// </summary>
public sealed class OidcProviderOptions : IValidatableObject
{
    public const string SectionName = "Authentication:OpenIdConnect";

    /// <summary>Issuer URL. Empty means the embedded development provider (when it is on).</summary>
    public string? Authority { get; set; }

    [Required]
    public string ClientId { get; set; } = "clara-portal";

    /// <summary>Only for confidential clients; a public client relies on PKCE alone.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Space-separated scopes; must include <c>openid</c>.</summary>
    [Required]
    public string Scopes { get; set; } = "openid profile email roles";

    /// <summary>Claim carrying role names in the id_token (Entra app roles: <c>roles</c>).</summary>
    [Required]
    public string RoleClaimType { get; set; } = "role";

    /// <summary>Claim carrying group ids or names (Entra, Okta: <c>groups</c>).</summary>
    [Required]
    public string GroupClaimType { get; set; } = "groups";

    /// <summary>Group (id or name) to portal role, for providers that send groups rather than roles.</summary>
    public Dictionary<string, string> GroupRoleMap { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Group (id or name) to a company's RFC: members work in that company with their portal roles, as if an Admin had
    /// granted them there. For subsidiaries managed in the provider rather than on the Companies page.
    /// </summary>
    public Dictionary<string, string> GroupCompanyMap { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult(
                $"{SectionName}:Authority must be an absolute http(s) URL (or turn on Identity:DevelopmentProvider:Enabled).",
                [nameof(Authority)]);
        }
        else if (authority.Scheme == Uri.UriSchemeHttp && !authority.IsLoopback)
        {
            yield return new ValidationResult($"{SectionName}:Authority must use https unless it is a loopback address.", [nameof(Authority)]);
        }

        if (!ScopeList.Contains("openid"))
        {
            yield return new ValidationResult($"{SectionName}:Scopes must include openid.", [nameof(Scopes)]);
        }

        foreach (var (group, rfc) in GroupCompanyMap)
        {
            if (string.IsNullOrWhiteSpace(rfc) || !rfc.Trim().All(char.IsAsciiLetterOrDigit))
            {
                yield return new ValidationResult($"{SectionName}:GroupCompanyMap maps '{group}' to '{rfc}', which is not an RFC.", [nameof(GroupCompanyMap)]);
            }
        }

        foreach (var (group, role) in GroupRoleMap)
        {
            if (PortalRoles.Canonical(role) is null)
            {
                yield return new ValidationResult(
                    $"{SectionName}:GroupRoleMap maps '{group}' to '{role}', which is not one of {string.Join(", ", PortalRoles.All)}.",
                    [nameof(GroupRoleMap)]);
            }
        }
    }
}
