using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Features.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaraPortal.Web.Features.Approvals;

public static class ApprovalsServiceCollectionExtensions
{
    /// <summary>The approval policy (as the write path's gate, and its administration), requests, decisions, queries and live notifications.</summary>
    public static IServiceCollection AddApprovals(this IServiceCollection services, IConfiguration? configuration = null, bool expireInBackground = true)
    {
        var options = services.AddOptions<ApprovalExpiryOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(ApprovalExpiryOptions.SectionName));
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddScoped<IApprovalGate, PolicyApprovalGate>();
        services.TryAddSingleton<IApprovalNotifications, InProcessApprovalNotifications>();
        services.AddScoped<ApprovalService>();
        services.AddScoped<ApprovalQueries>();
        services.AddScoped<PolicyAdministration>();
        services.AddScoped<ApprovalBadges>();
        if (expireInBackground)
        {
            services.AddHostedService<ApprovalExpiryService>();
        }

        return services;
    }
}
