using ClaraPortal.Identity;

namespace ClaraPortal.Web.Tests.Identity;

public sealed class DevelopmentProviderTests
{
    [Theory]
    [InlineData("issuer", "Issuer")]
    [InlineData("ISSUER2", "Issuer")]
    [InlineData("approver", "Approver")]
    [InlineData("approver2", "Approver")]
    [InlineData("auditor", "Auditor")]
    [InlineData("admin", "Admin")]
    public void Demo_users_sign_in_with_the_demo_password(string username, string role)
    {
        var user = DemoUsers.Validate(username, "Demo!2026");

        Assert.NotNull(user);
        Assert.Equal([role], user.Roles);
        Assert.False(string.IsNullOrWhiteSpace(user.DisplayName));
        Assert.Contains('@', user.Email);
    }

    [Theory]
    [InlineData("issuer", "demo!2026")]
    [InlineData("issuer", "")]
    [InlineData("nobody", "Demo!2026")]
    [InlineData(null, null)]
    public void Wrong_credentials_are_refused(string? username, string? password)
    {
        Assert.Null(DemoUsers.Validate(username, password));
    }

    [Theory]
    [InlineData("/connect/authorize?client_id=x", "/connect/authorize?client_id=x")]
    [InlineData("https://evil.example.com/", "/")]
    [InlineData("//evil.example.com/", "/")]
    [InlineData("/\\evil.example.com", "/")]
    [InlineData(null, "/")]
    public void The_login_form_only_returns_to_local_paths(string? returnUrl, string expected)
    {
        Assert.Equal(expected, DevelopmentIdentityEndpoints.SafeReturnUrl(returnUrl));
    }

    [Fact]
    public void The_login_page_has_labelled_fields_and_encodes_what_it_echoes()
    {
        var html = LoginPage.Render("__RequestVerificationToken", "tok", "/connect/authorize?a=1&b=2", "<script>", "Invalid username or password.");

        Assert.Contains("<label for=\"username\">Username</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">Password</label>", html, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&amp;b=2", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_portal_client_is_public_with_pkce_and_both_loopback_spellings()
    {
        var options = new DevelopmentIdentityProviderOptions { Issuer = "http://localhost:5080", DataDirectory = "/tmp" };
        options.PortalOrigins.Add("http://localhost:5080/");

        var client = DevelopmentIdentityStoreInitializer.DescribePortalClient(options);

        Assert.Equal("public", client.ClientType);
        Assert.Contains(new Uri("http://localhost:5080/signin-oidc"), client.RedirectUris);
        Assert.Contains(new Uri("http://127.0.0.1:5080/signin-oidc"), client.RedirectUris);
        Assert.Contains(new Uri("http://localhost:5080/signout-callback-oidc"), client.PostLogoutRedirectUris);
        Assert.Contains("ft:pkce", client.Requirements);
    }
}
