using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;
using ClaraPortal.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Clara.Tests;

/// <summary>A sandbox whose clock the tests move, so tokens expire on demand.</summary>
public sealed class FakeClockSandboxFixture : SandboxFixture
{
    public const int TokenLifetimeSeconds = 600;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? SandboxTime => Clock;

    protected override void ConfigureSandbox(SandboxOptions options) => options.TokenLifetimeSeconds = TokenLifetimeSeconds;
}

public sealed class TokenLifecycleTests(FakeClockSandboxFixture sandbox) : IClassFixture<FakeClockSandboxFixture>
{
    [Fact]
    public async Task A_token_the_server_considers_expired_is_renewed_once_without_the_caller_noticing()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs); // its own clock says the token is still fresh
        await client.GetCatalogAsync(CatalogDetail.Rcn);
        Assert.Equal(1, logs.TokensObtained);

        sandbox.Clock.Advance(TimeSpan.FromSeconds(FakeClockSandboxFixture.TokenLifetimeSeconds + 1));
        var catalog = await client.GetCatalogAsync(CatalogDetail.Rcn);

        Assert.NotEmpty(catalog.Rcns);
        Assert.Equal(1, logs.TokensRejected);
        Assert.Equal(2, logs.TokensObtained);
    }

    [Fact]
    public async Task A_client_sharing_the_clock_renews_before_expiry_and_never_meets_a_401()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o => o.TokenRefreshSkew = TimeSpan.FromSeconds(60), sandbox.Clock);
        await client.GetCatalogAsync(CatalogDetail.Rcn);

        sandbox.Clock.Advance(TimeSpan.FromSeconds(FakeClockSandboxFixture.TokenLifetimeSeconds - 30)); // inside the skew
        await client.GetCatalogAsync(CatalogDetail.Rcn);
        await client.GetCatalogAsync(CatalogDetail.Rcn);

        Assert.Equal(2, logs.TokensObtained);
        Assert.Equal(0, logs.TokensRejected);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_request()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs);

        var calls = Enumerable.Range(0, 16).Select(_ => Task.Run(() => client.GetCatalogAsync(CatalogDetail.Rcn)));
        var catalogs = await Task.WhenAll(calls);

        Assert.All(catalogs, c => Assert.NotEmpty(c.Rcns));
        Assert.Equal(1, logs.TokensObtained);
        Assert.Equal(1, logs.Entries.Count(e => e.EventId.Id == 1 && e.Message.Contains("/oauth/token", StringComparison.Ordinal)));
    }
}
