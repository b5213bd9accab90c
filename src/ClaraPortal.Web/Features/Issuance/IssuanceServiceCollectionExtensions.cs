using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Features.Cards;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaraPortal.Web.Features.Issuance;

public static class IssuanceServiceCollectionExtensions
{
    /// <summary>
    /// The card write path: one class per operation (scoped: one per circuit), the facade the pages call, the shared
    /// recorder, the audit trail, the approval seam and the background outcome resolver.
    /// </summary>
    public static IServiceCollection AddIssuance(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditTrail>();
        var resolverOptions = services.AddOptions<OutcomeResolverOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configuration is not null)
        {
            resolverOptions.Bind(configuration.GetSection(OutcomeResolverOptions.SectionName));
        }

        var revealOptions = services.AddOptions<CardRevealOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configuration is not null)
        {
            revealOptions.Bind(configuration.GetSection(CardRevealOptions.SectionName));
        }

        services.TryAddSingleton<RevealSignIn>();

        // The approvals feature replaces this with its policy bands.
        // The company's approval policy is always in force on the write path; the approvals feature adds the rest.
        services.TryAddScoped<IApprovalGate, Approvals.PolicyApprovalGate>();
        services.AddOptions<Approvals.ApprovalExpiryOptions>();
        services.TryAddSingleton<Approvals.IApprovalNotifications, Approvals.InProcessApprovalNotifications>();
        services.AddScoped<IssueCardRules>();
        services.AddScoped<CardChanges>();
        services.AddScoped<ClaraSubmission>();
        services.AddScoped<CardIssuer>();
        services.AddScoped<CardUpdater>();
        services.AddScoped<CardCanceller>();
        services.AddScoped<CardRevealer>();
        services.AddScoped<OutcomeResolver>();
        services.AddScoped<VcnService>();
        return services;
    }

    /// <summary>The background resolver (not in tests that drive <see cref="OutcomeResolver"/> themselves).</summary>
    public static IServiceCollection AddOutcomeResolverSchedule(this IServiceCollection services)
    {
        services.AddHostedService<OutcomeResolverService>();
        return services;
    }
}
