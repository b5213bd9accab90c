using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClaraPortal.Web.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (no checks). <c>/health/ready</c>: the database opens and
/// Clara answers an authenticated call. Both anonymous, for load balancers and orchestrators, which get the
/// status word only; a signed-in Admin gets every check's status and description as JSON.
/// </summary>
public static class PortalHealthChecks
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<ClaraHealthCache>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ClaraHealthCheck>("clara", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<CatalogHealthCheck>("catalog", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteReadyAsync })
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>The status word for everyone; the checks' details (what is missing, which company) only for an Admin.</summary>
    private static Task WriteReadyAsync(HttpContext context, HealthReport report)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || !user.IsInRole(Security.PortalRoles.Admin))
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(report.Status.ToString());
        }

        var details = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsJsonAsync(details);
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
