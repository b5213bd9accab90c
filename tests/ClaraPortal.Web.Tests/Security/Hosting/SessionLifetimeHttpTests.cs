using System.Net;
using ClaraPortal.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Security.Hosting;

/// <summary>The whole portal on a clock the test moves: the session cookie ends when idle, and at the absolute lifetime however busy.</summary>
public sealed class FakeClockPortalFixture : PortalServerFixture
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void Configure(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
}

public sealed class SessionLifetimeHttpTests(FakeClockPortalFixture portal) : IClassFixture<FakeClockPortalFixture>
{
    [Fact]
    public async Task A_session_idle_past_the_timeout_asks_to_sign_in_again_and_a_busy_one_ends_at_the_absolute_lifetime()
    {
        using var browser = portal.CreateBrowser(followRedirects: false);
        await PortalLogin.SignInAsync(browser, "/cards", "issuer");

        // Busy: a request every 20 minutes keeps renewing the 30-minute cookie...
        var elapsed = TimeSpan.Zero;
        while (elapsed + TimeSpan.FromMinutes(20) < TimeSpan.FromHours(8))
        {
            portal.Time.Advance(TimeSpan.FromMinutes(20));
            elapsed += TimeSpan.FromMinutes(20);
            using var page = await browser.GetAsync(new Uri("/cards", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // ...until eight hours after the sign-in.
        portal.Time.Advance(TimeSpan.FromHours(8) - elapsed);
        using var ended = await browser.GetAsync(new Uri("/cards", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal("/connect/authorize", ended.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Thirty_idle_minutes_end_the_session()
    {
        using var browser = portal.CreateBrowser(followRedirects: false);
        await PortalLogin.SignInAsync(browser, "/cards", "auditor");

        portal.Time.Advance(TimeSpan.FromMinutes(31));
        using var page = await browser.GetAsync(new Uri("/history", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/connect/authorize", page.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Signing_out_in_one_browser_ends_the_session_in_another()
    {
        using var here = portal.CreateBrowser();
        using var there = portal.CreateBrowser(followRedirects: false);
        var home = await PortalLogin.SignInAsync(here, "/", "admin");
        await PortalLogin.SignInAsync(there, "/", "admin");
        portal.Time.Advance(TimeSpan.FromSeconds(5));

        var token = PortalLogin.Field(await home.Content.ReadAsStringAsync(), "__RequestVerificationToken");
        await here.PostAsync(new Uri("/account/logout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        using var page = await there.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/connect/authorize", page.Headers.Location!.AbsolutePath);
    }
}
