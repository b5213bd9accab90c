namespace ClaraPortal.Web.Security;

/// <summary>The four roles the portal knows. Role claims with other values are ignored at sign-in.</summary>
public static class PortalRoles
{
    public const string Issuer = "Issuer";
    public const string Approver = "Approver";
    public const string Auditor = "Auditor";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Issuer, Approver, Auditor, Admin];

    /// <summary>The canonical spelling of a role name, or null when it is not a portal role.</summary>
    public static string? Canonical(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
