using System.Security.Cryptography.X509Certificates;
using ClaraPortal.Clara.Tests.Infrastructure;
using ClaraPortal.Sandbox;

namespace ClaraPortal.Clara.Tests;

/// <summary>
/// A sandbox started on a certificate folder the test prepared with its own CA, so the test holds the CA key and can
/// issue a second client certificate the sandbox trusts (the sandbox keeps no CA key on disk).
/// </summary>
public sealed class OwnPkiSandboxFixture : SandboxFixture
{
    public X509Certificate2 Ca { get; private set; } = null!;

    protected override void PrepareDataDirectory(string directory)
    {
        Ca = TestPki.CreateCa("CN=Test Clara CA, O=ClaraPortal Tests");
        using var server = TestPki.CreateServer(Ca);
        using var client = TestPki.CreateClient(Ca, "CN=clara-portal-dev");
        TestPki.WritePem(server, Path.Combine(directory, "server.crt"), Path.Combine(directory, "server.key"));
        TestPki.WritePem(client, Path.Combine(directory, "client.crt"), Path.Combine(directory, "client.key"));
        TestPki.WritePfx(client, Path.Combine(directory, "client.pfx"));
        TestPki.WritePem(Ca, Path.Combine(directory, "ca.crt"), null);
    }
}

/// <summary>RFC 8705: a token works only over the certificate it was issued to.</summary>
public sealed class TokenBindingTests(OwnPkiSandboxFixture sandbox) : IClassFixture<OwnPkiSandboxFixture>
{
    [Fact]
    public void The_sandbox_adopted_the_prepared_certificates()
    {
        using var ca = sandbox.Server.Certificates.LoadCaCertificate();

        Assert.Equal(sandbox.Ca.Thumbprint, ca.Thumbprint);
    }

    [Fact]
    public async Task A_token_used_over_another_certificate_of_the_same_CA_is_401()
    {
        using var issued = TestPki.CreateClient(sandbox.Ca, "CN=second-portal-instance");
        using var second = TestPki.ForTls(issued);
        using var first = sandbox.Raw();
        using var other = new RawClaraHttp(sandbox.Server, second);
        var firstToken = await first.GetTokenAsync();

        using var stolen = await other.SendAsync(HttpMethod.Get, "/api/v1/vcn?companyDetail=RCN", firstToken);
        var (status, code, _) = await RawClaraHttp.ReadErrorAsync(stolen);
        Assert.Equal(401, status);
        Assert.Equal("UNAUTHORIZED", code);

        // The second certificate is trusted: with its own token it gets in.
        using var own = await other.SendAsync(HttpMethod.Get, "/api/v1/vcn?companyDetail=RCN", await other.GetTokenAsync());
        Assert.Equal(200, (int)own.StatusCode);
        using var original = await first.SendAsync(HttpMethod.Get, "/api/v1/vcn?companyDetail=RCN", firstToken);
        Assert.Equal(200, (int)original.StatusCode);
    }
}
