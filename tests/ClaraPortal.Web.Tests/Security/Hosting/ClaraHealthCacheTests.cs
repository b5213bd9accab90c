using ClaraPortal.Web.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Security.Hosting;

/// <summary>Anonymous probes of /health/ready reach Clara at most once per 30 seconds, however many arrive.</summary>
public sealed class ClaraHealthCacheTests
{
    [Fact]
    public async Task Clara_is_asked_once_per_thirty_seconds()
    {
        var time = new FakeTimeProvider();
        var cache = new ClaraHealthCache(time);
        var calls = 0;
        Task<HealthCheckResult> Check(CancellationToken _) => Task.FromResult(HealthCheckResult.Healthy($"call {++calls}"));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("call 1", (await cache.GetAsync(Check, CancellationToken.None)).Description);
        }

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("call 1", (await cache.GetAsync(Check, CancellationToken.None)).Description);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("call 2", (await cache.GetAsync(Check, CancellationToken.None)).Description);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Probes_arriving_together_share_one_call()
    {
        var cache = new ClaraHealthCache(new FakeTimeProvider());
        var calls = 0;
        var release = new TaskCompletionSource<HealthCheckResult>();
        Task<HealthCheckResult> Check(CancellationToken _)
        {
            Interlocked.Increment(ref calls);
            return release.Task;
        }

        var probes = Enumerable.Range(0, 10).Select(_ => cache.GetAsync(Check, CancellationToken.None)).ToList();
        release.SetResult(HealthCheckResult.Unhealthy("Clara is not reachable."));
        var results = await Task.WhenAll(probes);

        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Equal(HealthStatus.Unhealthy, r.Status));
    }
}
