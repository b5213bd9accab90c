using ClaraPortal.Web.Features.Companies;
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
/// Degraded (still 200) until every company's catalog cache has been filled once: the portal works, but nobody can
/// issue a card there before templates and suppliers arrive. Orchestrators and tests can wait for Healthy.
/// </summary>
internal sealed class CatalogHealthCheck(PortalDatabase database, PortalCompanies companies) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = database.WithoutCompany();
        // Every company at once: the one place that reads across companies on purpose.
        var synced = await db.CatalogSyncRuns.IgnoreQueryFilters()
            .Where(r => r.Outcome == Data.Entities.CatalogSyncOutcome.Succeeded)
            .Select(r => r.Company).Distinct().ToListAsync(cancellationToken);
        var missing = companies.All.Where(c => !synced.Contains(c.Key)).Select(c => c.Label).ToList();
        return missing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"The catalog has not been synced from Clara yet for {string.Join(", ", missing)}.");
    }
}

/// <summary>The portal database opens and answers a query.</summary>
internal sealed class DatabaseHealthCheck(PortalDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = database.WithoutCompany();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The portal database cannot be opened.");
    }
}
