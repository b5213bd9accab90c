using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClaraPortal.Web.Components;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ClaraPortal.Web.Tests.Security.Hosting;

/// <summary>
/// The portal composed as in production (environment Production, an external identity provider and Clara, encrypted keys,
/// a host list, a known proxy) on a real loopback port. Clara and the provider are never reached by these tests: the
/// provider's metadata is given, so a challenge shows the redirect URI without a network call.
/// </summary>
public sealed class ProductionPortal : IAsyncDisposable
{
    public const string PublicHost = "portal.example";
    public const string Authority = "https://idp.example/";

    private readonly WebApplicationFactory<App> _factory;

    private ProductionPortal(WebApplicationFactory<App> factory, Uri baseAddress, string directory)
    {
        _factory = factory;
        BaseAddress = baseAddress;
        DataDirectory = directory;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Every setting production needs; <paramref name="overrides"/> replace or remove (null) some.</summary>
    public static Dictionary<string, string?> Settings(string directory, int port, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var certificate = Path.Combine(directory, "portal.pfx");
        if (!File.Exists(certificate))
        {
            Directory.CreateDirectory(directory);
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=ClaraPortal test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(certificate, created.Export(X509ContentType.Pfx, "test-password"));
        }

        var settings = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["https_port"] = "443",
            ["AllowedHosts"] = PublicHost,
            ["Portal:DataDirectory"] = directory,
            ["Portal:SyncCatalogAtStart"] = "false",
            ["Portal:KnownProxies:0"] = "127.0.0.1",
            ["Portal:DataProtection:CertificatePath"] = certificate,
            ["Portal:DataProtection:CertificatePassword"] = "test-password",
            ["Portal:Audit:ChainKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Authentication:OpenIdConnect:Authority"] = Authority,
            ["Clara:BaseUrl"] = "https://clara.invalid",
            ["Clara:ClientId"] = "portal",
            ["Clara:ClientSecret"] = "not-a-real-secret",
            ["Clara:ClientCertificatePath"] = certificate,
            ["Clara:ClientCertificatePassword"] = "test-password",
            ["Clara:Companies:0:Name"] = "Owner, S.A. de C.V.",
            ["Clara:Companies:0:Owner"] = "true",
            ["Clara:Companies:0:DefaultAccess"] = "true",
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        return settings;
    }

    /// <summary>A factory for these settings, not started (a refusal shows when it is).</summary>
    public static WebApplicationFactory<App> Factory(IReadOnlyDictionary<string, string?> settings, string environment = "Production") =>
        new WebApplicationFactory<App>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment(environment);
            foreach (var (name, value) in settings)
            {
                host.UseSetting(name, value);
            }

            host.ConfigureTestServices(services =>
                services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, oidc =>
                {
                    oidc.Configuration = new OpenIdConnectConfiguration
                    {
                        Issuer = Authority,
                        AuthorizationEndpoint = Authority + "authorize",
                        TokenEndpoint = Authority + "token",
                        EndSessionEndpoint = Authority + "logout",
                    };
                    // The framework's post-configuration ran first and would fetch the metadata from the network.
                    oidc.ConfigurationManager = new Microsoft.IdentityModel.Protocols.StaticConfigurationManager<OpenIdConnectConfiguration>(oidc.Configuration);
                }));
        });

    public static Task<ProductionPortal> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "clara-portal-tests", "prod-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var factory = Factory(Settings(directory, port, overrides));
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return Task.FromResult(new ProductionPortal(factory, new Uri($"http://127.0.0.1:{port}/"), directory));
    }

    /// <summary>A client that shows redirects and sends the public host name, as the proxy passes it on.</summary>
    public HttpClient CreateClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    public static HttpRequestMessage Get(string path, bool viaTlsProxy, string host = PublicHost)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Host = host;
        if (viaTlsProxy)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleanup.
        }
    }

    private static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("No free loopback port found.");
    }
}
