using ClaraPortal.Clara;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClaraPortal.Web.Health;

/// <summary>
/// Clara answers an authenticated call (mTLS + token): the funding-card part of the catalog, the
/// cheapest read there is. The registration's timeout keeps a hung Clara from hanging the probe.
/// </summary>
internal sealed class ClaraHealthCheck(ClaraClient clara) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var catalog = await clara.GetCatalogAsync(CatalogDetail.Rcn, cancellationToken);
            return HealthCheckResult.Healthy($"{catalog.Rcns.Count} funding cards visible.");
        }
        catch (Exception ex) when (ex is ClaraApiException or HttpRequestException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Clara is not reachable.", ex);
        }
    }
}
