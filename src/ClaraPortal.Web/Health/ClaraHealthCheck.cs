using ClaraPortal.Clara;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClaraPortal.Web.Health;

/// <summary>
/// Clara answers an authenticated call (mTLS + token): the funding-card part of the catalog, the
/// cheapest read there is. The registration's timeout keeps a hung Clara from hanging the probe; the
/// answer is kept for <see cref="ClaraHealthCache.Lifetime"/>, so an anonymous caller polling
/// <c>/health/ready</c> cannot turn the portal into a load on Clara.
/// </summary>
internal sealed class ClaraHealthCheck(ClaraClient clara, ClaraHealthCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        cache.GetAsync(CallClaraAsync, cancellationToken);

    private async Task<HealthCheckResult> CallClaraAsync(CancellationToken cancellationToken)
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

/// <summary>The last answer of Clara's check and when it came; one call at a time however many probes arrive.</summary>
public sealed class ClaraHealthCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> GetAsync(Func<CancellationToken, Task<HealthCheckResult>> check, CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another probe may have asked Clara while this one waited.
            if (Fresh() is { } meanwhile)
            {
                return meanwhile;
            }

            var result = await check(cancellationToken);
            _last = (result, time.GetUtcNow());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private HealthCheckResult? Fresh() =>
        _last is { } last && time.GetUtcNow() - last.At < Lifetime ? last.Result : null;
}
