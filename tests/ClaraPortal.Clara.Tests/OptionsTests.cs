using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Clara.Tests;

/// <summary>Configuration binding and validation at start; needs certificate files but no server.</summary>
public sealed class OptionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clara-options-tests", Guid.NewGuid().ToString("N"));
    private readonly string _pfx;
    private readonly string _crt;
    private readonly string _key;
    private readonly string _ca;

    public OptionsTests()
    {
        Directory.CreateDirectory(_directory);
        using var ca = TestPki.CreateCa("CN=Options Test CA");
        using var client = TestPki.CreateClient(ca, "CN=options-test");
        _pfx = TestPki.WritePfx(client, Path.Combine(_directory, "client.pfx"));
        _crt = Path.Combine(_directory, "client.crt");
        _key = Path.Combine(_directory, "client.key");
        TestPki.WritePem(client, _crt, _key);
        _ca = Path.Combine(_directory, "ca.crt");
        TestPki.WritePem(ca, _ca, null);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Dictionary<string, string?> ValidSettings() => new()
    {
        ["Clara:BaseUrl"] = "https://127.0.0.1:5443",
        ["Clara:PathPrefix"] = "/api-test",
        ["Clara:ClientId"] = "clara-portal-dev",
        ["Clara:ClientSecret"] = "s3cret",
        ["Clara:ClientCertificatePath"] = _crt,
        ["Clara:ClientKeyPath"] = _key,
        ["Clara:CaCertificatePath"] = _ca,
        ["Clara:TaxIdentifier"] = "CPS920315KX7",
        ["Clara:RequestTimeout"] = "00:00:05",
        ["Clara:MaxRetries"] = "2",
        ["Clara:BaseDelay"] = "00:00:00.050",
    };

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddClaraClient(builder.Configuration.GetSection(ClaraClientOptions.SectionName));
        return builder.Build();
    }

    [Fact]
    public async Task Valid_configuration_binds_every_key_and_registers_one_client()
    {
        using var host = BuildHost(ValidSettings());
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<ClaraClientOptions>>().Value;
        Assert.Equal("/api-test", options.PathPrefix);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestTimeout);
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal("CPS920315KX7", options.TaxIdentifier);
        var client = host.Services.GetRequiredService<IClaraClient>();
        Assert.Same(client, host.Services.GetRequiredService<IClaraClient>());
        Assert.Same(client, host.Services.GetRequiredService<ClaraClient>());
        Assert.True(host.Services.GetRequiredService<ClaraClient>().ClientCertificateNotAfter > DateTimeOffset.UtcNow);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Clara:BaseUrl", "http://127.0.0.1:5443", "BaseUrl")]
    [InlineData("Clara:BaseUrl", "", "BaseUrl")]
    [InlineData("Clara:ClientSecret", "", "ClientSecret")]
    [InlineData("Clara:ClientKeyPath", null, "ClientKeyPath")]
    [InlineData("Clara:ClientCertificatePath", "/nowhere/client.pfx", "ClientCertificatePath")]
    [InlineData("Clara:CaCertificatePath", "/nowhere/ca.crt", "CaCertificatePath")]
    [InlineData("Clara:PathPrefix", "api", "PathPrefix")]
    [InlineData("Clara:RequestTimeout", "00:00:00", "RequestTimeout")]
    [InlineData("Clara:MaxRetries", "11", "MaxRetries")]
    [InlineData("Clara:TaxIdentifier", "CPS 920315", "TaxIdentifier")]
    public async Task Invalid_configuration_stops_the_host_at_start(string key, string? value, string named)
    {
        var settings = ValidSettings();
        settings[key] = value;
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pfx_needs_no_key_file_and_a_direct_client_validates_too()
    {
        using var client = new ClaraClient(new ClaraClientOptions
        {
            BaseUrl = "https://127.0.0.1:5443",
            ClientId = "id",
            ClientSecret = "secret",
            ClientCertificatePath = _pfx,
        });
        Assert.True(client.ClientCertificateNotAfter > DateTimeOffset.UtcNow);

        Assert.Throws<OptionsValidationException>(() => new ClaraClient(new ClaraClientOptions
        {
            BaseUrl = "https://127.0.0.1:5443",
            ClientId = "id",
            ClientSecret = "secret",
            ClientCertificatePath = _crt, // PEM without its key
        }));
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_loaded_stops_the_host_at_start_without_echoing_the_password()
    {
        var settings = ValidSettings();
        settings["Clara:ClientCertificatePath"] = _pfx;
        settings["Clara:ClientKeyPath"] = null;
        settings["Clara:ClientCertificatePassword"] = "not-the-password";
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ClientCertificatePath", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pem_key_that_does_not_belong_to_the_certificate_stops_the_host()
    {
        using var ca = TestPki.CreateCa("CN=Other CA");
        using var other = TestPki.CreateClient(ca, "CN=other");
        var otherKey = Path.Combine(_directory, "other.key");
        TestPki.WritePem(other, Path.Combine(_directory, "other.crt"), otherKey);
        var settings = ValidSettings();
        settings["Clara:ClientKeyPath"] = otherKey;
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("could not be loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificates_load_from_pem_and_pfx_with_their_private_key()
    {
        using var fromPem = ClaraCertificates.LoadClientCertificate(new ClaraClientOptions { ClientCertificatePath = _crt, ClientKeyPath = _key });
        using var fromPfx = ClaraCertificates.LoadClientCertificate(new ClaraClientOptions { ClientCertificatePath = _pfx });

        Assert.True(fromPem.HasPrivateKey);
        Assert.True(fromPfx.HasPrivateKey);
        Assert.Equal(fromPem.Thumbprint, fromPfx.Thumbprint);
    }
}
