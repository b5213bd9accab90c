using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Catalog;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.RegularExpressions;

namespace ClaraPortal.Web.Tests.Hosting;

/// <summary>
/// The real OpenID Connect code flow over HTTP against the embedded provider: challenge, login form,
/// code + PKCE, session cookie, role checks on the server, sign-out through the end-session endpoint.
/// </summary>
public sealed partial class SignInFlowTests(PortalServerFixture portal) : IClassFixture<PortalServerFixture>
{
    [Fact]
    public async Task Liveness_and_readiness_answer_without_sign_in_and_readiness_is_healthy_once_the_catalog_is_synced()
    {
        using var client = portal.CreateBrowser(followRedirects: false);

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        // This host does not sync at start; a first sync of every company is what turns Degraded into Healthy.
        foreach (var company in portal.Services.GetRequiredService<PortalCompanies>().All)
        {
            await using var scope = portal.Services.GetRequiredService<IServiceScopeFactory>().CreateCompanyScope(company);
            var sync = await scope.ServiceProvider.GetRequiredService<CatalogSync>().SyncAsync("test", CancellationToken.None);
            Assert.True(sync.Succeeded, sync.Message);
        }

        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_page_without_a_session_starts_the_code_flow_with_pkce()
    {
        using var client = portal.CreateBrowser(followRedirects: false);

        var response = await client.GetAsync(new Uri("/cards", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(new Uri(portal.BaseAddress, "/connect/authorize").ToString(), location, StringComparison.Ordinal);
        Assert.Contains("response_type=code", location, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_lands_on_the_page_asked_for_with_the_display_name()
    {
        using var browser = portal.CreateBrowser();

        var page = await SignInAsync(browser, "/cards", "issuer", "Demo!2026");

        Assert.Equal(new Uri(portal.BaseAddress, "/cards"), page.RequestMessage!.RequestUri);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Isabel Issuer", html, StringComparison.Ordinal);
        Assert.Contains("<title>Cards · Clara Portal</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_on_the_login_form()
    {
        using var browser = portal.CreateBrowser();

        var page = await SignInAsync(browser, "/", "issuer", "not-the-password");

        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Invalid username or password.", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">Username</label>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_sends_another_roles_page_to_access_denied()
    {
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "/", "approver", "Demo!2026");

        var page = await browser.GetAsync(new Uri("/cards", UriKind.Relative));

        Assert.Equal("/access-denied", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Access denied", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_both_sessions_and_asks_to_sign_in_again()
    {
        using var browser = portal.CreateBrowser();
        var home = await SignInAsync(browser, "/", "admin", "Demo!2026");
        var token = PortalLogin.Field(await home.Content.ReadAsStringAsync(), "__RequestVerificationToken");

        var afterLogout = await browser.PostAsync(new Uri("/account/logout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal("/account/login", afterLogout.RequestMessage!.RequestUri!.AbsolutePath);
        var again = await browser.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("/account/login", again.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused()
    {
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "/", "admin", "Demo!2026");

        var response = await browser.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("es-MX", "Historial")]
    [InlineData("pt-BR", "Histórico")]
    public async Task The_culture_cookie_switches_the_portal_language(string culture, string history)
    {
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "/", "auditor", "Demo!2026");

        var page = await browser.GetAsync(new Uri($"/culture/set?culture={culture}&redirectUri=%2Fhistory", UriKind.Relative));

        Assert.Equal("/history", page.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{culture}\">", html, StringComparison.Ordinal);
        // Razor may write "ó" as a character reference.
        Assert.Contains(history, System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string path, string username, string password) =>
        PortalLogin.SignInAsync(browser, path, username, password);
}
