using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Data.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// The keyed audit chain: its key (validated at start), the trail, the checkpoint file and its writer, the verifier,
    /// its status and their schedules. Register right after <see cref="PortalDataExtensions.AddPortalData"/>: the first
    /// checkpoint must be written after the migrations and before any job appends an event.
    /// </summary>
    /// <param name="createDevelopmentKey">
    /// Development (or the embedded identity provider): a missing key is created in <c>{DataDirectory}/keys</c>;
    /// elsewhere a missing key stops the start.
    /// </param>
    public static IServiceCollection AddAuditChain(this IServiceCollection services, IConfiguration configuration, PortalDataOptions data, bool createDevelopmentKey)
    {
        services.AddOptions<AuditChainOptions>()
            .Bind(configuration.GetSection(AuditChainOptions.SectionName))
            .PostConfigure(o => AuditChainKeySource.Resolve(o, data.DataDirectory, createDevelopmentKey));
        services.AddSingleton<IValidateOptions<AuditChainOptions>, AuditChainOptionsValidator>();
        services.AddOptions<AuditChainOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => AuditChainKeySource.Load(sp.GetRequiredService<IOptions<AuditChainOptions>>().Value));
        services.AddSingleton(sp => new AuditCheckpointFile(
            sp.GetRequiredService<IOptions<AuditChainOptions>>().Value.CheckpointPath!, sp.GetRequiredService<AuditChainKey>()));
        services.TryAddSingleton<AuditTrail>();
        services.AddSingleton<AuditCheckpointWriter>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton<AuditChainStatus>();
        services.AddHostedService<AuditCheckpointSchedule>();
        services.AddHostedService<AuditVerificationSchedule>();
        return services;
    }
}
