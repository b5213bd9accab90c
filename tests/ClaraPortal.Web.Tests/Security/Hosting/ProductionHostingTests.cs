using System.Net;
using ClaraPortal.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Tests.Security.Hosting;

/// <summary>
/// Production as it runs behind a TLS-terminating proxy: the proxy's scheme believed only from configured proxies, every
/// cookie Secure, HSTS, plain http redirected, unknown hosts refused, keys encrypted at rest; and the start refused,
/// naming the setting, when a development-only shortcut is configured.
/// </summary>
public sealed class ProductionHostingTests
{
    [Fact]
    public async Task Behind_a_known_proxy_the_sign_in_redirect_is_https_with_secure_cookies_and_hsts()
    {
        await using var portal = await ProductionPortal.StartAsync();
        using var client = portal.CreateClient();

        using var response = await client.SendAsync(ProductionPortal.Get("/cards", viaTlsProxy: true));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(ProductionPortal.Authority + "authorize", location, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString("https://portal.example/signin-oidc"), location, StringComparison.Ordinal);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        PortalHeadersAndRedirectsTests.AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task A_forwarded_scheme_from_an_unknown_address_is_not_believed()
    {
        // The proxy is configured elsewhere: this loopback caller's X-Forwarded-Proto is a browser's forgery.
        await using var portal = await ProductionPortal.StartAsync(new Dictionary<string, string?> { ["Portal:KnownProxies:0"] = "10.20.30.0/24" });
        using var client = portal.CreateClient();

        using var response = await client.SendAsync(ProductionPortal.Get("/cards", viaTlsProxy: true));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://portal.example/cards", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https_but_probes_are_answered_and_unknown_hosts_refused()
    {
        await using var portal = await ProductionPortal.StartAsync();
        using var client = portal.CreateClient();

        using var plain = await client.SendAsync(ProductionPortal.Get("/cards", viaTlsProxy: false));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https://portal.example/cards", plain.Headers.Location!.ToString());

        using var live = await client.SendAsync(ProductionPortal.Get("/health/live", viaTlsProxy: false));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        using var foreign = await client.SendAsync(ProductionPortal.Get("/health/live", viaTlsProxy: false, host: "evil.example"));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task The_portals_own_cookies_are_secure_too()
    {
        await using var portal = await ProductionPortal.StartAsync();
        using var client = portal.CreateClient();

        using var culture = await client.SendAsync(ProductionPortal.Get("/culture/set?culture=es-MX&redirectUri=%2F", viaTlsProxy: true));
        Assert.Contains("; secure", Assert.Single(culture.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);

        var session = portal.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        Assert.Equal(CookieSecurePolicy.Always, session.Cookie.SecurePolicy);
        Assert.Equal(TimeSpan.FromMinutes(30), session.ExpireTimeSpan);
        Assert.True(session.SlidingExpiration);
        Assert.Equal(CookieSecurePolicy.Always, portal.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy);
    }

    [Fact]
    public async Task Data_protection_keys_are_written_encrypted_with_the_certificate()
    {
        await using var portal = await ProductionPortal.StartAsync();
        var protector = portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

        Assert.Equal("session", protector.Unprotect(protector.Protect("session")));

        var key = Assert.Single(Directory.GetFiles(Path.Combine(portal.DataDirectory, "keys"), "key-*.xml"));
        var xml = await File.ReadAllTextAsync(key);
        Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml.Replace("<encryptedSecret", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string> UnsafeSettings => new()
    {
        { "Identity:DevelopmentProvider:Enabled", "true", "Identity:DevelopmentProvider:Enabled" },
        { "Clara:BaseUrl", "", "Clara:BaseUrl" },
        { "AllowedHosts", "*", "AllowedHosts" },
        { "AllowedHosts", null, "AllowedHosts" },
        { "Portal:DataProtection:CertificatePath", "", "Portal:DataProtection:CertificatePath" },
        { "Portal:DataProtection:CertificatePassword", "wrong", "Portal:DataProtection:CertificatePath" },
        { "Portal:KnownProxies:0", "the-proxy", "Portal:KnownProxies:0" },
    };

    [Theory]
    [MemberData(nameof(UnsafeSettings))]
    public void Outside_development_an_unsafe_setting_stops_the_start_naming_the_setting(string setting, string? value, string named)
    {
        var directory = Path.Combine(Path.GetTempPath(), "clara-portal-tests", "refused-" + Guid.NewGuid().ToString("N"));
        var settings = ProductionPortal.Settings(directory, 5999, new Dictionary<string, string?> { [setting] = value });
        if (value is null)
        {
            settings.Remove(setting);
        }

        using var factory = ProductionPortal.Factory(settings);
        var failure = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(failure);
        var messages = string.Join(Environment.NewLine, Chain(failure).Select(e => e.Message));
        Assert.Contains(named, messages, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void In_development_the_shortcuts_are_allowed()
    {
        var development = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" };
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:DevelopmentProvider:Enabled"] = "true",
            ["AllowedHosts"] = "*",
        }).Build();

        Assert.Empty(StartupRefusals.Find(configuration, development));
        Assert.True(ClaraPortal.Web.Security.PortalAuthenticationExtensions.IsDevelopmentProviderEnabled(configuration, development));
    }

    [Fact]
    public void The_development_provider_never_turns_on_in_staging()
    {
        var staging = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Staging" };
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:DevelopmentProvider:Enabled"] = "true",
        }).Build();

        Assert.False(ClaraPortal.Web.Security.PortalAuthenticationExtensions.IsDevelopmentProviderEnabled(configuration, staging));
        Assert.Contains(StartupRefusals.Find(configuration, staging), r => r.StartsWith("Identity:DevelopmentProvider:Enabled is on", StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
