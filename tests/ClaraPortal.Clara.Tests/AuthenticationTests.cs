using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;

namespace ClaraPortal.Clara.Tests;

/// <summary>Both layers of Clara's authentication: mutual TLS (511, refused handshake) and OAuth tokens (401).</summary>
public sealed class AuthenticationTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData("GET", "/api/v1/vcn?companyDetail=RCN")]
    [InlineData("POST", "/oauth/token")]
    public async Task No_client_certificate_is_511(string method, string path)
    {
        using var raw = sandbox.Raw(withClientCertificate: false);

        using var response = await raw.SendAsync(new HttpMethod(method), path, token: null);
        var (status, code, _) = await RawClaraHttp.ReadErrorAsync(response);

        Assert.Equal(511, status);
        Assert.Equal("NETWORK_AUTHENTICATION_REQUIRED", code);
    }

    [Fact]
    public async Task A_certificate_from_a_foreign_CA_is_refused_in_the_handshake()
    {
        using var foreignCa = TestPki.CreateCa("CN=Not Clara CA");
        using var foreign = TestPki.CreateClient(foreignCa, "CN=impostor");
        var pfx = TestPki.WritePfx(foreign, Path.Combine(sandbox.DataDirectory, "foreign.pfx"));
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o => o.ClientCertificatePath = pfx);

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetCatalogAsync(CatalogDetail.Rcn));

        // TLS 1.3 may report the refusal after the client's side of the handshake finished: either way no answer came.
        Assert.True(error.InnerException is AuthenticationException or IOException, error.InnerException?.GetType().Name);
        Assert.Equal(0, logs.Count(1)); // never an HTTP answer
        Assert.Equal(0, logs.TokensObtained);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_401_and_the_secret_is_in_no_message()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o => o.ClientSecret = "wrong-secret-value");

        var error = await Assert.ThrowsAsync<ClaraApiException>(() => client.GetCatalogAsync(CatalogDetail.Rcn));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("UNAUTHORIZED", error.Code);
        Assert.DoesNotContain("wrong-secret-value", error.ToString(), StringComparison.Ordinal);
        Assert.All(logs.Entries, e => Assert.DoesNotContain("wrong-secret-value", e.FullText, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("forged")]
    public async Task Missing_malformed_or_foreign_signed_tokens_are_401(string? kind)
    {
        using var raw = sandbox.Raw();
        using var certificate = sandbox.Server.Certificates.LoadClientCertificate();
        var token = kind == "forged" ? ForgeToken(certificate) : kind;

        using var response = await raw.SendAsync(HttpMethod.Get, "/api/v1/vcn?companyDetail=RCN", token);
        var (status, code, _) = await RawClaraHttp.ReadErrorAsync(response);

        Assert.Equal(401, status);
        Assert.Equal("UNAUTHORIZED", code);
    }

    [Fact]
    public async Task A_token_is_sent_only_as_a_bearer_header_and_works_raw_too()
    {
        using var raw = sandbox.Raw();
        var token = await raw.GetTokenAsync();

        using var response = await raw.SendAsync(HttpMethod.Get, "/api/v1/vcn?companyDetail=RCN", token);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(3, token.Split('.').Length);
    }

    /// <summary>A JWT with the sandbox's issuer, audience and certificate binding, signed by a key the sandbox never saw.</summary>
    private static string ForgeToken(X509Certificate2 boundTo)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = JsonSerializer.Serialize(new Dictionary<string, object> { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = "forged" });
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = "https://sandbox.clara.local/",
            ["aud"] = "clara-vcn-api",
            ["sub"] = "clara-portal-dev",
            ["client_id"] = "clara-portal-dev",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
            ["cnf"] = new Dictionary<string, string> { ["x5t#S256"] = Base64Url(SHA256.HashData(boundTo.RawData)) },
        });
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header))}.{Base64Url(Encoding.UTF8.GetBytes(payload))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
