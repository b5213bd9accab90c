namespace ClaraPortal.Identity;

/// <summary>Names shared by the development provider and the portal that hosts it.</summary>
public static class DevelopmentIdentityDefaults
{
    /// <summary>Cookie scheme of the provider's own login session (not the portal's session).</summary>
    public const string CookieScheme = "ClaraPortal.DevelopmentIdentity";

    /// <summary>
    /// Cookie name of the provider's login session. Cookies ignore ports and the provider shares the
    /// portal's origin, so it must differ from the portal's cookie name.
    /// </summary>
    public const string CookieName = ".ClaraPortal.DevIdentity";

    public const string PortalClientId = "clara-portal";

    public const string LoginPath = "/account/login";
    public const string AuthorizationPath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string EndSessionPath = "/connect/endsession";

    /// <summary>Every demo user signs in with this password (development only).</summary>
    public const string DemoPassword = "Demo!2026";

    public const string RolesScope = "roles";
}
