using ClaraPortal.Web.Data.Audit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaraPortal.Web.Features.Issuance;

public static class IssuanceServiceCollectionExtensions
{
    /// <summary>VcnService (scoped: one per circuit), its rules, the audit trail and the approval seam.</summary>
    public static IServiceCollection AddIssuance(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditTrail>();
        // The approvals feature replaces this with its policy bands.
        services.TryAddScoped<IApprovalGate, NoApprovalGate>();
        services.AddScoped<IssueCardRules>();
        services.AddScoped<VcnService>();
        return services;
    }
}
