using System.Collections.Concurrent;
using ClaraPortal.Web.Tests.Hosting;

namespace ClaraPortal.Web.Tests.Security.Hostile;

/// <summary>The whole portal over HTTP (real Kestrel, identity provider, sandbox) with one browser per demo user, signed in once.</summary>
public sealed class SignedInPortal : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _browsers = new();

    public PortalServerFixture Portal { get; } = new();

    public Task InitializeAsync() => Portal.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var browser in _browsers.Values.Where(b => b.IsValueCreated))
        {
            (await browser.Value).Dispose();
        }

        await Portal.DisposeAsync();
    }

    /// <summary>A browser that does not follow redirects, signed in as <paramref name="username"/> (null: nobody).</summary>
    public Task<HttpClient> BrowserAsync(string? username) =>
        _browsers.GetOrAdd(username ?? "", name => new Lazy<Task<HttpClient>>(() => SignInAsync(name))).Value;

    private async Task<HttpClient> SignInAsync(string username)
    {
        var browser = Portal.CreateBrowser(followRedirects: false);
        if (username.Length > 0)
        {
            // The role-less user ends on the no-access page (200), everybody else on the dashboard.
            var page = await PortalLogin.SignInAsync(browser, "/catalog/suppliers", username);
            Assert.True((int)page.StatusCode < 500, $"Signing in as {username} ended with {page.StatusCode}.");
        }

        return browser;
    }
}
