using System.ComponentModel.DataAnnotations;

namespace ClaraPortal.Identity;

/// <summary>
/// Settings of the embedded development OpenID Connect provider. The portal fills them from its own
/// configuration (data folder, its public URL) when it turns the provider on.
/// </summary>
public sealed class DevelopmentIdentityProviderOptions
{
    /// <summary>Folder that holds <c>identity.db</c>; created when missing.</summary>
    [Required]
    public string DataDirectory { get; set; } = "";

    /// <summary>The provider's issuer: the portal's own origin, e.g. <c>http://localhost:5080/</c>.</summary>
    [Required, Url]
    public string Issuer { get; set; } = "";

    /// <summary>Client id of the portal, registered as a public client with PKCE.</summary>
    [Required]
    public string ClientId { get; set; } = DevelopmentIdentityDefaults.PortalClientId;

    /// <summary>
    /// Origins the portal is reached at; each gets <c>/signin-oidc</c> and <c>/signout-callback-oidc</c>
    /// registered as redirect URIs. The issuer's origin is always included.
    /// </summary>
    public IList<string> PortalOrigins { get; } = [];

    internal string DatabasePath => Path.Combine(DataDirectory, "identity.db");

    internal Uri IssuerUri => new(Issuer.EndsWith('/') ? Issuer : Issuer + "/");
}
