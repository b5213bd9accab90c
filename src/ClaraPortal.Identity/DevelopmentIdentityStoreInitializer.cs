using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ClaraPortal.Identity;

/// <summary>
/// Creates the provider's SQLite store and (re)registers the portal as a public PKCE client at
/// start, so a changed port or origin is picked up without deleting the database.
/// </summary>
internal sealed partial class DevelopmentIdentityStoreInitializer(
    IServiceProvider services,
    IOptions<DevelopmentIdentityProviderOptions> options,
    ILogger<DevelopmentIdentityStoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Directory.CreateDirectory(settings.DataDirectory);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevelopmentIdentityDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken);

        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = DescribePortalClient(settings);
        var existing = await manager.FindByClientIdAsync(settings.ClientId, cancellationToken);
        if (existing is null)
        {
            await manager.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await manager.UpdateAsync(existing, descriptor, cancellationToken);
        }

        LogReady(logger, settings.IssuerUri, settings.ClientId, descriptor.RedirectUris);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Development identity provider ready: issuer {Issuer}, client {ClientId}, redirect URIs {RedirectUris}")]
    private static partial void LogReady(ILogger logger, Uri issuer, string clientId, IEnumerable<Uri> redirectUris);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static OpenIddictApplicationDescriptor DescribePortalClient(DevelopmentIdentityProviderOptions settings)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = settings.ClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Clara Portal",
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
                Permissions.Prefixes.Scope + DevelopmentIdentityDefaults.RolesScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };

        foreach (var origin in PortalOrigins(settings))
        {
            descriptor.RedirectUris.Add(new Uri(origin, "signin-oidc"));
            descriptor.PostLogoutRedirectUris.Add(new Uri(origin, "signout-callback-oidc"));
        }

        return descriptor;
    }

    /// <summary>
    /// The issuer's origin, the configured ones, and for loopback origins the other loopback spelling
    /// (localhost / 127.0.0.1): a browser may open either, and the portal builds its redirect URI from
    /// the host the browser used.
    /// </summary>
    private static HashSet<Uri> PortalOrigins(DevelopmentIdentityProviderOptions settings)
    {
        var origins = new HashSet<Uri>();
        foreach (var text in settings.PortalOrigins.Prepend(settings.IssuerUri.GetLeftPart(UriPartial.Authority)))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                continue;
            }

            var origin = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
            origins.Add(origin);
            if (origin.IsLoopback)
            {
                foreach (var host in new[] { "localhost", "127.0.0.1" })
                {
                    origins.Add(new UriBuilder(origin) { Host = host }.Uri);
                }
            }
        }

        return origins;
    }
}
