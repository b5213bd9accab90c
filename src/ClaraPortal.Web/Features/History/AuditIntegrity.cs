using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Features.History;

/// <summary>"Verify now" for Auditors and Admins: the whole chain, with progress, and the result kept as the latest status.</summary>
public sealed class AuditIntegrity(ICurrentUser currentUser, AuditChainVerifier verifier, AuditChainStatus status)
{
    public async Task<AuditChainReport> VerifyAsync(IProgress<AuditVerificationProgress>? progress, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanVerifyAudit, cancellationToken);
        var report = await verifier.VerifyAsync(progress, cancellationToken);
        status.Record(report, scheduled: false);
        return report;
    }
}

public static class AuditIntegrityServiceCollectionExtensions
{
    /// <summary>The verify page's service (the chain itself is registered by <see cref="AuditServiceCollectionExtensions.AddAuditChain"/>).</summary>
    public static IServiceCollection AddAuditIntegrity(this IServiceCollection services) => services.AddScoped<AuditIntegrity>();
}
