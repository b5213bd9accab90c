using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ClaraPortal.Identity;

/// <summary>
/// Hosts a small OpenID Connect provider (OpenIddict) inside the portal's own process and origin, so
/// development and tests sign in through the real OIDC code flow without an external provider.
/// </summary>
public static class DevelopmentIdentityProviderExtensions
{
    public static IServiceCollection AddDevelopmentIdentityProvider(
        this IServiceCollection services, Action<DevelopmentIdentityProviderOptions> configure)
    {
        services.AddOptions<DevelopmentIdentityProviderOptions>()
            .Configure(configure)
            .ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.Issuer, UriKind.Absolute, out _), "Issuer must be an absolute URL.")
            .ValidateOnStart();

        services.AddDbContext<DevelopmentIdentityDbContext>((sp, db) =>
        {
            var settings = sp.GetRequiredService<IOptions<DevelopmentIdentityProviderOptions>>().Value;
            db.UseSqlite($"Data Source={settings.DatabasePath}");
            db.UseOpenIddict();
        });

        services.AddAuthentication().AddCookie(DevelopmentIdentityDefaults.CookieScheme, cookie =>
        {
            cookie.Cookie.Name = DevelopmentIdentityDefaults.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = DevelopmentIdentityDefaults.LoginPath;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<DevelopmentIdentityDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(DevelopmentIdentityDefaults.AuthorizationPath.TrimStart('/'))
                    .SetTokenEndpointUris(DevelopmentIdentityDefaults.TokenPath.TrimStart('/'))
                    .SetEndSessionEndpointUris(DevelopmentIdentityDefaults.EndSessionPath.TrimStart('/'));
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, DevelopmentIdentityDefaults.RolesScope);
                server.RegisterClaims(Claims.Name, Claims.PreferredUsername, Claims.Email, Claims.Role);
                // Ephemeral keys: the provider and its only client live in one process, so keys that
                // die with the process cost nothing and nothing is written to a certificate store.
                server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
            });

        services.AddOptions<OpenIddictServerOptions>()
            .Configure<IOptions<DevelopmentIdentityProviderOptions>>((server, settings) =>
                server.Issuer = settings.Value.IssuerUri);
        services.AddOptions<OpenIddictServerAspNetCoreOptions>()
            .Configure<IOptions<DevelopmentIdentityProviderOptions>>((aspNetCore, settings) =>
            {
                // Plain http is accepted only when the issuer is a loopback address (local development).
                var issuer = settings.Value.IssuerUri;
                aspNetCore.DisableTransportSecurityRequirement = issuer.IsLoopback && issuer.Scheme == Uri.UriSchemeHttp;
            });

        services.AddSingleton<LoginThrottle>();
        services.AddHostedService<DevelopmentIdentityStoreInitializer>();
        return services;
    }

    /// <summary>Maps <c>/account/login</c>, <c>/connect/authorize</c> and <c>/connect/endsession</c>.</summary>
    public static IEndpointRouteBuilder MapDevelopmentIdentityProvider(this IEndpointRouteBuilder endpoints) =>
        DevelopmentIdentityEndpoints.MapEndpoints(endpoints);
}
