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
}
