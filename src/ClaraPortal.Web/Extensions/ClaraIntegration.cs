using System.Net;
using System.Net.Sockets;
using ClaraPortal.Clara;
using ClaraPortal.Sandbox;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Features.Companies;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Extensions;

/// <summary>
/// Connects the portal to Clara. With no <c>Clara:BaseUrl</c> configured, the sandbox (Clara's API
/// over mutual TLS, from ClaraPortal.Sandbox) runs inside this process and the Clara client is
/// pointed at it, so a fresh clone runs with nothing else to install or configure. Only in Development:
/// elsewhere an empty <c>Clara:BaseUrl</c> stops the start (<see cref="Hosting.StartupRefusals"/>).
/// </summary>
internal static partial class ClaraIntegration
{
    /// <summary>The embedded sandbox's state, beside its certificates in the data folder.</summary>
    public const string DefaultSandboxStateFile = "state.db";

    public static IServiceCollection AddClara(this IServiceCollection services, IConfiguration configuration, PortalDataOptions data)
    {
        services.AddClaraClient(configuration.GetSection(ClaraClientOptions.SectionName));
        if (!string.IsNullOrWhiteSpace(configuration[$"{ClaraClientOptions.SectionName}:{nameof(ClaraClientOptions.BaseUrl)}"]))
        {
            return services;
        }

        var sandboxOptions = new SandboxOptions();
        SandboxOptions.Bind(configuration.GetSection(SandboxOptions.SectionName), sandboxOptions);
        if (string.IsNullOrWhiteSpace(sandboxOptions.DataDirectory))
        {
            sandboxOptions.DataDirectory = Path.Combine(data.DataDirectory, "sandbox");
        }

        if (configuration[$"{SandboxOptions.SectionName}:{nameof(SandboxOptions.PersistencePath)}"] is null)
        {
            // The portal's second run must see the cards of its first: without this the sandbox would hand out purchase
            // ids again and an old row's Clara id would name a new card. An explicit empty setting keeps it in memory.
            sandboxOptions.PersistencePath = DefaultSandboxStateFile;
        }


        // Started when first resolved (the Clara options need its port), i.e. while the portal host
        // starts, never while it is being composed: a host built during composition would be taken
        // for the app by WebApplicationFactory. Blocking once at start-up is fine: there is no
        // synchronization context to deadlock on. The container owns and disposes it.
        services.AddSingleton(_ => new EmbeddedSandbox(StartSandbox(sandboxOptions)));
        services.AddOptions<ClaraClientOptions>().Configure<EmbeddedSandbox>((clara, embedded) =>
        {
            var sandbox = embedded.Server;
            clara.BaseUrl = sandbox.BaseAddress.ToString().TrimEnd('/');
            clara.ClientId = sandbox.ClientId;
            clara.ClientSecret = sandbox.ClientSecret;
            clara.ClientCertificatePath = sandbox.Certificates.ClientPfxPath;
            clara.CaCertificatePath = sandbox.Certificates.CaCertificatePath;
        });
        services.AddHostedService<EmbeddedSandboxActivator>();
        // With no companies configured, the portal serves the sandbox's: the owner open to every user, the subsidiary by grant.
        services.PostConfigure<CompaniesOptions>(options =>
        {
            if (options.Companies.Count == 0)
            {
                options.Companies.AddRange(SandboxServer.Companies.Select(c =>
                    new CompanyOptions { TaxIdentifier = c.TaxIdentifier, Name = c.Name, Owner = c.IsOwner, DefaultAccess = c.IsOwner }));
            }
        });
        return services;
    }

    /// <summary>
    /// Starts the sandbox on its configured address. "Port 0" is replaced by a concrete free port (see
    /// <see cref="WithConcretePort"/>); a port found free can still be taken before the sandbox binds it, so a start that
    /// fails with "address in use" is tried again on another port.
    /// </summary>
    private static SandboxServer StartSandbox(SandboxOptions options)
    {
        var configuredUrl = options.Url;
        for (var attempt = 1; ; attempt++)
        {
            options.Url = WithConcretePort(configuredUrl);
            try
            {
                return SandboxServer.StartAsync(options).GetAwaiter().GetResult();
            }
            catch (IOException) when (attempt < 5 && options.Url != configuredUrl)
            {
                // Taken meanwhile: pick another.
            }
        }
    }

    /// <summary>
    /// "Port 0" for the sandbox becomes a free port below the OS's ephemeral range. The sandbox binds
    /// before the portal does, and the OS readily hands a just-freed ephemeral port out again: a test
    /// that picked the portal's port with a port-0 probe could see the sandbox take it first.
    /// </summary>
    private static string WithConcretePort(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Port != 0)
        {
            return url;
        }

        var address = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : IPAddress.Loopback;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var probe = new TcpListener(address, port);
                probe.Start();
                return new UriBuilder(uri) { Port = port }.Uri.ToString().TrimEnd('/');
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        return url; // let the OS choose after all
    }

    /// <summary>Starts the sandbox with the host even if nothing has asked for Clara yet, and says where it is.</summary>
    private sealed partial class EmbeddedSandboxActivator(EmbeddedSandbox sandbox, IOptions<ClaraClientOptions> clara, ILogger<EmbeddedSandboxActivator> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogSandbox(logger, clara.Value.BaseUrl, sandbox.Server.Certificates.Directory);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Clara:BaseUrl is not set: using the embedded Clara sandbox at {BaseUrl} (certificates in {Directory}). Not real cards.")]
        private static partial void LogSandbox(ILogger logger, string baseUrl, string directory);
    }

    /// <summary>
    /// The in-process sandbox, disposable either way: a host disposed synchronously (some test
    /// harnesses) would otherwise fail on a service that is only IAsyncDisposable.
    /// </summary>
    internal sealed class EmbeddedSandbox(SandboxServer server) : IAsyncDisposable, IDisposable
    {
        public SandboxServer Server { get; } = server;

        public ValueTask DisposeAsync() => Server.DisposeAsync();

        public void Dispose() => Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
