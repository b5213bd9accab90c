namespace ClaraPortal.Web.Security;

/// <summary>
/// Claim types of the portal's own session. Whatever the provider sends is normalized to these at
/// sign-in (<see cref="PortalPrincipalFactory"/>), so the rest of the code never sees provider quirks.
/// </summary>
public static class PortalClaimTypes
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Username = "preferred_username";
    public const string Email = "email";
    public const string Role = "role";

    /// <summary>When the user last typed their password at the provider (seconds since 1970, the id_token's auth_time).</summary>
    public const string AuthTime = "auth_time";

    /// <summary>The company a request works in (its key); set per request by the company access rules, never stored in the cookie.</summary>
    public const string Company = "portal:company";

    /// <summary>One per company the user may switch to (its key); set with <see cref="Company"/>.</summary>
    public const string CompanyOption = "portal:company_option";

    /// <summary>Marks a principal the company access rules have already shaped (they run once per authentication).</summary>
    public const string CompanyAccessApplied = "portal:company_access";

    /// <summary>A company (its RFC) the identity provider's groups give access to (<c>GroupCompanyMap</c>), kept from sign-in.</summary>
    public const string GroupCompany = "portal:group_company";

    /// <summary>When the sign-in that started this session happened (UTC, round-trip format): the absolute lifetime counts from it.</summary>
    public const string SessionStarted = "portal:session_started";
}
