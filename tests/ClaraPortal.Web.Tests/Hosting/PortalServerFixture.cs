using System.Net;
using System.Net.Sockets;
using ClaraPortal.Web.Components;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;

namespace ClaraPortal.Web.Tests.Hosting;

/// <summary>
/// The whole portal on a real Kestrel port with its embedded identity provider and the in-process
/// Clara sandbox (mTLS), on its own temp data folder: what a browser would talk to.
/// </summary>
public class PortalServerFixture : IAsyncLifetime
{
    private WebApplicationFactory<App>? _factory;

    public Uri BaseAddress { get; private set; } = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "clara-portal-tests", "host-" + Guid.NewGuid().ToString("N"));

    public IServiceProvider Services => _factory!.Services;

    public Task InitializeAsync()
    {
        // The portal's port is chosen here, the sandbox's (port 0) by the OS while the host starts. The OS
        // hands out recently freed ephemeral ports again, so a port taken from the ephemeral range could be
        // given to the sandbox first: pick one below that range (Linux: 32768+) instead.
        // A port found free can be taken before Kestrel binds it: then the start fails with "address in use" and is
        // tried again on another port.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPortBelowEphemeralRange();
            BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            // Settings go in as host settings (UseSetting): the portal reads them while composing, before Build.
            _factory = new WebApplicationFactory<App>().WithWebHostBuilder(host => host
                .UseEnvironment("Development")
                .UseSetting("urls", BaseAddress.ToString())
                .UseSetting("Portal:DataDirectory", DataDirectory)
                .UseSetting("Portal:SyncCatalogAtStart", "false")
                .UseSetting("Sandbox:Url", "https://127.0.0.1:0")
                .UseSetting("Sandbox:DataDirectory", Path.Combine(DataDirectory, "sandbox"))
                .ConfigureTestServices(Configure));
            _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
            try
            {
                _factory.StartServer();
                return Task.CompletedTask;
            }
            catch (IOException) when (attempt < 3)
            {
                _factory.Dispose();
            }
        }
    }

    /// <summary>A derived fixture's own services (a fake clock), added after the portal's.</summary>
    protected virtual void Configure(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleanup; the tests' results stand.
        }
    }

    /// <summary>A browser-like client: cookies kept, redirects followed.</summary>
    public HttpClient CreateBrowser(bool followRedirects = true) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = followRedirects })
        {
            BaseAddress = BaseAddress,
        };

    private static int FreeLoopbackPortBelowEphemeralRange()
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

        throw new InvalidOperationException("No free loopback port found between 20000 and 32000.");
    }
}
