using System.Net;
using ClaraPortal.Web.Tests.Hosting;

namespace ClaraPortal.Web.Tests.Security.Hosting;

/// <summary>
/// The portal as a browser meets it (Development host, embedded provider, sandbox): security headers on every kind of
/// response, return addresses held to the framework's local-URL rule, readiness details for Admins only, and failed
/// sign-ins limited per user name.
/// </summary>
public sealed class PortalHeadersAndRedirectsTests(PortalServerFixture portal) : IClassFixture<PortalServerFixture>
{
    public static TheoryData<string> AnonymousResponses => new()
    {
        "/account/login",          // the provider's static login form
        "/favicon.svg",            // a static file
        "/health/ready",           // an endpoint
        "/health/live",
        "/culture/set?culture=es-MX&redirectUri=%2F", // a redirect
        "/no-such-page",           // a challenge for an unknown page
        "/connect/authorize",      // the provider's error answer (no OIDC request)
    };

    [Theory]
    [MemberData(nameof(AnonymousResponses))]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = portal.CreateBrowser(followRedirects: false);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Signed_in_pages_and_the_not_found_page_carry_them_too()
    {
        using var browser = portal.CreateBrowser();
        using var page = await PortalLogin.SignInAsync(browser, "/cards", "issuer");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertSecurityHeaders(page);

        using var missing = await browser.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertSecurityHeaders(missing);
    }

    [Fact]
    public void The_policy_allows_no_eval_no_inline_script_and_no_framing()
    {
        var policy = ClaraPortal.Web.Hosting.SecurityHeaders.ContentSecurityPolicy("https://login.example.com/tenant/v2.0");

        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        // Sign-out posts to the portal, which redirects to the provider's end-session endpoint: form-action must allow it.
        Assert.Contains("form-action 'self' https://login.example.com;", policy, StringComparison.Ordinal);
    }

    public static TheoryData<string> HostileReturnAddresses => new()
    {
        "/\\x", "/\\evil.example", "//evil.example", "https://evil.example/", "/\\/evil.example", "\\\\evil.example", "javascript:alert(1)", "",
    };

    [Theory]
    [MemberData(nameof(HostileReturnAddresses))]
    public async Task The_culture_switch_sends_a_foreign_or_malformed_return_address_home(string redirectUri)
    {
        using var client = portal.CreateBrowser(followRedirects: false);

        using var response = await client.GetAsync(new Uri($"/culture/set?culture=es-MX&redirectUri={Uri.EscapeDataString(redirectUri)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_culture_switch_still_returns_to_a_local_page()
    {
        using var client = portal.CreateBrowser(followRedirects: false);

        using var response = await client.GetAsync(new Uri("/culture/set?culture=es-MX&redirectUri=%2Fhistory%3Fpage%3D2", UriKind.Relative));

        Assert.Equal("/history?page=2", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(HostileReturnAddresses))]
    public async Task The_login_form_keeps_only_a_local_return_address(string returnUrl)
    {
        using var client = portal.CreateBrowser(followRedirects: false);

        using var form = await client.GetAsync(new Uri($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Equal("/", PortalLogin.Field(html, "returnUrl"));

        // Posted directly with the hostile address (not the form's), a correct sign-in still lands at home, never a 500.
        using var signedIn = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PortalLogin.Field(html, "__RequestVerificationToken"),
            ["returnUrl"] = returnUrl,
            ["username"] = "auditor",
            ["password"] = "Demo!2026",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Readiness_tells_anonymous_callers_and_non_admins_only_the_status()
    {
        using var anonymous = portal.CreateBrowser(followRedirects: false);
        using var response = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(body, new[] { "Healthy", "Degraded", "Unhealthy" });

        using var issuer = portal.CreateBrowser();
        await PortalLogin.SignInAsync(issuer, "/", "issuer");
        using var asIssuer = await issuer.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Contains(await asIssuer.Content.ReadAsStringAsync(), new[] { "Healthy", "Degraded", "Unhealthy" });
    }

    [Fact]
    public async Task Readiness_shows_an_admin_each_check()
    {
        using var admin = portal.CreateBrowser();
        await PortalLogin.SignInAsync(admin, "/", "admin");

        using var response = await admin.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("clara").GetProperty("status").GetString());
        Assert.True(checks.TryGetProperty("database", out _));
        Assert.True(checks.TryGetProperty("catalog", out _));
    }

    [Fact]
    public async Task After_five_wrong_passwords_the_user_name_is_refused_even_with_the_right_one_and_others_still_sign_in()
    {
        using var attacker = portal.CreateBrowser();
        for (var i = 0; i < ClaraPortal.Identity.LoginThrottle.FailuresAllowed; i++)
        {
            using var wrong = await PortalLogin.SignInAsync(attacker, "/", "approver2", "guess-" + i);
            Assert.Contains("Invalid username or password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var refused = await PortalLogin.SignInAsync(attacker, "/", "approver2", "Demo!2026");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Too many failed sign-ins for this user name.", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);

        using var someoneElse = portal.CreateBrowser();
        using var page = await PortalLogin.SignInAsync(someoneElse, "/", "approver");
        Assert.Contains("Alma Approver", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage!.RequestUri} answered {(int)response.StatusCode} without {name}.");
}
