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

    /// <summary>Any signed-in user, whatever their role (catalog pages).</summary>
    public const string CanViewCatalog = nameof(CanViewCatalog);

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

        options.AddPolicy(CanViewCatalog, policy => policy.RequireAuthenticatedUser());

        // Everything needs a signed-in user unless an endpoint says otherwise (login, health, static files).
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
