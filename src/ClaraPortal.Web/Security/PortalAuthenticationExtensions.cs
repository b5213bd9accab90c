using System.Security.Claims;
using ClaraPortal.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ClaraPortal.Web.Security;

/// <summary>Cookie session + OpenID Connect sign-in, policies and the current-user accessor.</summary>
public static class PortalAuthenticationExtensions
{
    public const string CookieName = ".ClaraPortal.Auth";
    public const string AccessDeniedPath = "/access-denied";
    public const string LogoutPath = "/account/logout";

    /// <param name="developmentAuthority">The embedded provider's issuer when it is on, else null.</param>
    /// <param name="cookieSecurePolicy">Always outside Development (see <c>PortalTransport</c>).</param>
    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration, Uri? developmentAuthority,
        CookieSecurePolicy cookieSecurePolicy = CookieSecurePolicy.SameAsRequest)
    {
        services.AddOptions<PortalSessionOptions>()
            .BindConfiguration(PortalSessionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<OidcProviderOptions>()
            .Bind(configuration.GetSection(OidcProviderOptions.SectionName))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.Authority) && developmentAuthority is not null)
                {
                    o.Authority = developmentAuthority.ToString();
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = cookieSecurePolicy;
                cookie.AccessDeniedPath = AccessDeniedPath;
                // Idle timeout: each request renews the cookie; the absolute lifetime is checked by the validator.
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = PortalSessionValidator.ValidateCookieAsync;
            })
            .AddOpenIdConnect(oidc =>
            {
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back as a top-level GET, which carries SameSite=Lax cookies even when
                // the provider sits on another site (form_post is a cross-site POST that drops them).
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.UsePkce = true;
                oidc.MapInboundClaims = false;
                oidc.SaveTokens = true; // keeps the id_token for the end-session id_token_hint
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = cookieSecurePolicy;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = cookieSecurePolicy;
                oidc.TokenValidationParameters.NameClaimType = PortalClaimTypes.Name;
                oidc.TokenValidationParameters.RoleClaimType = PortalClaimTypes.Role;
                oidc.Events.OnTokenValidated = OnTokenValidatedAsync;
                oidc.Events.OnRemoteFailure = OnRemoteFailure;
            });

        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<PortalSessionOptions>>((cookie, session) => cookie.ExpireTimeSpan = session.Value.IdleTimeout);

        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IOptions<OidcProviderOptions>>((oidc, providerOptions) =>
            {
                var provider = providerOptions.Value;
                oidc.Authority = provider.Authority;
                oidc.ClientId = provider.ClientId;
                oidc.ClientSecret = string.IsNullOrEmpty(provider.ClientSecret) ? null : provider.ClientSecret;
                oidc.Scope.Clear();
                foreach (var scope in provider.ScopeList)
                {
                    oidc.Scope.Add(scope);
                }

                // Metadata over plain http is tolerated only for a provider on this machine.
                oidc.RequireHttpsMetadata = !(Uri.TryCreate(provider.Authority, UriKind.Absolute, out var authority) && authority.IsLoopback);
            });

        services.AddAuthorization(PortalPolicies.Configure);
        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentUserAccessor>();
        services.AddScoped<ICurrentUser, AuditedCurrentUser>();
        services.AddSingleton<ISecurityAudit, SecurityAudit>();
        services.AddScoped<PortalUserDirectory>();
        services.AddScoped<PortalSessionValidator>();
        // Replaces the framework's provider (registered with TryAdd by the interactive server components).
        services.AddScoped<AuthenticationStateProvider, PortalRevalidatingAuthenticationStateProvider>();
        return services;
    }

    private static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var provider = services.GetRequiredService<IOptions<OidcProviderOptions>>().Value;
        var principal = PortalPrincipalFactory.Create(context.Principal!, provider);
        ((ClaimsIdentity)principal.Identity!).AddClaim(services.GetRequiredService<PortalSessionValidator>().StartClaim());
        context.Principal = principal;
        if (!await services.GetRequiredService<PortalUserDirectory>().RecordSignInAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.Fail("The user is disabled in the portal.");
            return;
        }

        await services.GetRequiredService<ISecurityAudit>().RecordAsync(context.Principal, SecurityActions.SignedIn, details: null, context.HttpContext.RequestAborted);
    }

    /// <summary>
    /// A callback that cannot complete (the browser's back button onto /signin-oidc, an expired
    /// correlation cookie, the user cancelling at the provider) lands on the error page instead of an
    /// exception page; the next visit starts a fresh sign-in.
    /// </summary>
    private static Task OnRemoteFailure(RemoteFailureContext context)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalAuthenticationExtensions));
        SignInLog.RemoteFailure(logger, context.Failure);
        context.Response.Redirect("/error");
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>POST /account/logout: ends the portal session and the provider's (end-session endpoint).</summary>
    public static IEndpointRouteBuilder MapPortalAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(LogoutPath, async (HttpContext context, IAntiforgery antiforgery) =>
            {
                // No form fields are bound here, so antiforgery is not checked automatically.
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    return Results.BadRequest();
                }

                if (context.User.Identity?.IsAuthenticated == true)
                {
                    await context.RequestServices.GetRequiredService<ISecurityAudit>().RecordAsync(context.User, SecurityActions.SignedOut, details: null, context.RequestAborted);
                    if (context.User.FindFirstValue(PortalClaimTypes.Subject) is { } subject)
                    {
                        await context.RequestServices.GetRequiredService<PortalUserDirectory>().EndSessionsAsync(subject, context.RequestAborted);
                    }
                }

                return Results.SignOut(
                    new AuthenticationProperties { RedirectUri = "/" },
                    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
            })
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// The development provider is on in Development unless configuration turns it off; it never runs elsewhere
    /// (<see cref="Hosting.StartupRefusals"/> refuses to start when configuration turns it on there).
    /// </summary>
    public static bool IsDevelopmentProviderEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment() && (configuration.GetValue<bool?>(Hosting.StartupRefusals.DevelopmentProviderSetting) ?? true);

    public static IServiceCollection AddPortalDevelopmentIdentityProvider(this IServiceCollection services, Uri portalOrigin, IEnumerable<Uri> allOrigins, string dataDirectory, string clientId) =>
        services.AddDevelopmentIdentityProvider(o =>
        {
            o.DataDirectory = dataDirectory;
            o.Issuer = portalOrigin.ToString();
            o.ClientId = clientId;
            foreach (var origin in allOrigins)
            {
                o.PortalOrigins.Add(origin.ToString());
            }
        });
}

internal static partial class SignInLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in callback failed; sending the user to the error page")]
    public static partial void RemoteFailure(ILogger logger, Exception? exception);
}
