using ClaraPortal.Clara;
using ClaraPortal.Sandbox;
using ClaraPortal.Web.Data;

namespace ClaraPortal.Web.Extensions;

/// <summary>
/// Connects the portal to Clara. With no <c>Clara:BaseUrl</c> configured, the sandbox (Clara's API
/// over mutual TLS, from ClaraPortal.Sandbox) starts inside this process and the Clara settings point
/// at it, so a fresh clone runs with nothing else to install or configure.
/// </summary>
internal static partial class ClaraIntegration
{
    public static async Task AddClaraAsync(this WebApplicationBuilder builder, PortalDataOptions data)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration[$"{ClaraClientOptions.SectionName}:{nameof(ClaraClientOptions.BaseUrl)}"]))
        {
            var sandbox = await StartSandboxAsync(configuration, data);
            // Owned by the container (factory registration), so it stops when the app is disposed.
            builder.Services.AddSingleton(_ => sandbox);
            builder.Services.AddHostedService<EmbeddedSandboxActivator>();
        }

        builder.Services.AddClaraClient(configuration.GetSection(ClaraClientOptions.SectionName));
    }

    private static async Task<SandboxServer> StartSandboxAsync(ConfigurationManager configuration, PortalDataOptions data)
    {
        var options = new SandboxOptions();
        configuration.GetSection(SandboxOptions.SectionName).Bind(options);
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            options.DataDirectory = Path.Combine(data.DataDirectory, "sandbox");
        }

        var sandbox = await SandboxServer.StartAsync(options);
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clara:BaseUrl"] = sandbox.BaseAddress.ToString().TrimEnd('/'),
            ["Clara:ClientId"] = sandbox.ClientId,
            ["Clara:ClientSecret"] = sandbox.ClientSecret,
            ["Clara:ClientCertificatePath"] = sandbox.Certificates.ClientPfxPath,
            ["Clara:CaCertificatePath"] = sandbox.Certificates.CaCertificatePath,
        });
        return sandbox;
    }

    /// <summary>Resolves the sandbox once at start so the container owns (and later disposes) it, and says where it is.</summary>
    private sealed partial class EmbeddedSandboxActivator(SandboxServer sandbox, ILogger<EmbeddedSandboxActivator> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogSandbox(logger, sandbox.BaseAddress, sandbox.Certificates.Directory);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Clara:BaseUrl is not set: using the embedded Clara sandbox at {BaseAddress} (certificates in {Directory}). Not real cards.")]
        private static partial void LogSandbox(ILogger logger, Uri baseAddress, string directory);
    }
}
