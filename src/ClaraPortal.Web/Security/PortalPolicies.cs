using Microsoft.AspNetCore.Authorization;

namespace ClaraPortal.Web.Security;

/// <summary>
/// Authorization policies, one per kind of work. Pages ([Authorize(Policy = ...)]), the navigation
/// and services (<see cref="ICurrentUser.DemandAsync"/>) all use these, so a role's reach is defined once.
/// </summary>
public static class PortalPolicies
{
    public const string CanIssue = nameof(CanIssue);
    public const string CanApprove = nameof(CanApprove);
    public const string CanViewHistory = nameof(CanViewHistory);
    public const string CanViewReports = nameof(CanViewReports);
    public const string CanSyncCatalog = nameof(CanSyncCatalog);
    public const string CanManagePolicy = nameof(CanManagePolicy);
    public const string CanManageCompanies = nameof(CanManageCompanies);

    /// <summary>Verify the audit chain and see that it is broken (the dashboard's banner).</summary>
    public const string CanVerifyAudit = nameof(CanVerifyAudit);

    /// <summary>Anyone holding a portal role (catalog pages).</summary>
    public const string CanViewCatalog = nameof(CanViewCatalog);

    /// <summary>
    /// Signed in, with or without a role: only the pages that tell a user they have no access (and how to sign out).
    /// Everything else needs a portal role (the fallback and default policies).
    /// </summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>Roles each policy admits.</summary>
    public static IReadOnlyDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>
    {
        [CanIssue] = [PortalRoles.Issuer, PortalRoles.Admin],
        [CanApprove] = [PortalRoles.Approver, PortalRoles.Admin],
        [CanViewHistory] = [PortalRoles.Auditor, PortalRoles.Approver, PortalRoles.Admin],
        [CanViewReports] = [PortalRoles.Issuer, PortalRoles.Auditor, PortalRoles.Admin],
        [CanSyncCatalog] = [PortalRoles.Issuer, PortalRoles.Admin],
        [CanManagePolicy] = [PortalRoles.Admin],
        [CanManageCompanies] = [PortalRoles.Admin],
        [CanVerifyAudit] = [PortalRoles.Auditor, PortalRoles.Admin],
    };

    public static void Configure(AuthorizationOptions options)
    {
        foreach (var (name, roles) in Roles)
        {
            options.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireRole(roles));
        }

        // A user the provider signs in without any portal role (a new hire, a role taken away) sees nothing: not the
        // dashboard, not the catalog. Plain [Authorize] and every endpoint that says nothing need a role too.
        var anyRole = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(PortalRoles.All).Build();
        options.AddPolicy(CanViewCatalog, anyRole);
        options.AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser());
        options.DefaultPolicy = anyRole;

        // Everything needs a role unless an endpoint says otherwise (login, health, static files, the no-access pages).
        options.FallbackPolicy = anyRole;
    }

    /// <summary>True when <paramref name="user"/> holds at least one portal role.</summary>
    public static bool HasAnyRole(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && PortalRoles.All.Any(user.IsInRole);
}
