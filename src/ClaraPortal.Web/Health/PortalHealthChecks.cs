using ClaraPortal.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClaraPortal.Web.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (no checks). <c>/health/ready</c>: the database opens and
/// Clara answers an authenticated call. Both anonymous, for load balancers and orchestrators.
/// </summary>
public static class PortalHealthChecks
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ClaraHealthCheck>("clara", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<CatalogHealthCheck>("catalog", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return endpoints;
    }
}

/// <summary>
/// Degraded (still 200) until the catalog cache has been filled once: the portal works, but nobody can
/// issue a card before templates and suppliers arrive. Orchestrators and tests can wait for Healthy.
/// </summary>
internal sealed class CatalogHealthCheck(IDbContextFactory<PortalDbContext> contextFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var synced = await db.CatalogSyncRuns.AnyAsync(r => r.Outcome == Data.Entities.CatalogSyncOutcome.Succeeded, cancellationToken);
        return synced
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("The catalog has not been synced from Clara yet.");
    }
}

/// <summary>The portal database opens and answers a query.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<PortalDbContext> contextFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The portal database cannot be opened.");
    }
}
