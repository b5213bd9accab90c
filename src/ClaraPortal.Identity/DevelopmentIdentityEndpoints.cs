using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ClaraPortal.Identity;

/// <summary>
/// The provider's interactive endpoints: the login form and the authorization / end-session
/// passthroughs. OpenIddict itself answers discovery, JWKS and token requests.
/// </summary>
internal static class DevelopmentIdentityEndpoints
{
    internal const string InvalidCredentials = "Invalid username or password.";
    internal const string TooManyFailures = "Too many failed sign-ins for this user name. Wait a few minutes, then try again.";

    public static IEndpointRouteBuilder MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        group.MapGet(DevelopmentIdentityDefaults.LoginPath, ShowLogin);
        group.MapPost(DevelopmentIdentityDefaults.LoginPath, SubmitLogin);
        group.MapMethods(DevelopmentIdentityDefaults.AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync)
            .DisableAntiforgery();
        group.MapMethods(DevelopmentIdentityDefaults.EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync)
            .DisableAntiforgery();
        return endpoints;
    }

    private static IResult ShowLogin(HttpContext context, IAntiforgery antiforgery, [FromQuery] string? returnUrl) =>
        LoginForm(context, antiforgery, returnUrl, username: null, error: null, StatusCodes.Status200OK);

    private static async Task<IResult> SubmitLogin(
        HttpContext context,
        IAntiforgery antiforgery,
        [FromForm] string? username,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        LoginThrottle throttle)
    {
        var address = context.Connection.RemoteIpAddress;
        if (throttle.IsLockedOut(username, address))
        {
            throttle.RecordRefusal(username, address);
            return LoginForm(context, antiforgery, returnUrl, username, TooManyFailures, StatusCodes.Status429TooManyRequests);
        }

        var user = DemoUsers.Validate(username, password);
        if (user is null)
        {
            throttle.RecordFailure(username, address);
            return LoginForm(context, antiforgery, returnUrl, username, InvalidCredentials, StatusCodes.Status200OK);
        }

        var identity = new ClaimsIdentity(DevelopmentIdentityDefaults.CookieScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Subject));
        identity.AddClaim(new Claim(Claims.Name, user.DisplayName));
        // When the password was typed, for auth_time and max_age: the cookie's own issue time moves on every sliding renewal.
        var signedInAt = context.RequestServices.GetService<TimeProvider>()?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        identity.AddClaim(new Claim(Claims.AuthenticationTime, signedInAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        await context.SignInAsync(DevelopmentIdentityDefaults.CookieScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private static IResult LoginForm(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? username, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        var html = LoginPage.Render(tokens.FormFieldName, tokens.RequestToken ?? "", SafeReturnUrl(returnUrl), username, error);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>Only local paths, by the framework's own rule (the one LocalRedirect enforces): no open redirect, no 500.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl! : "/";

    private static async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var login = await context.AuthenticateAsync(DevelopmentIdentityDefaults.CookieScheme);
        var user = login.Succeeded ? DemoUsers.FindBySubject(login.Principal.FindFirstValue(Claims.Subject)) : null;
        var authTime = login.Succeeded ? AuthenticationTimeOf(login.Principal) : null;
        var now = context.RequestServices.GetService<TimeProvider>()?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        // prompt=login, or a max_age the session is older than (a session from before auth_time was kept counts as old):
        // the user types the password again even though the provider still knows them.
        var signInAgain = request.HasPromptValue(PromptValues.Login)
            || (request.MaxAge is { } maxAge && (authTime is null || now - authTime.Value > TimeSpan.FromSeconds(maxAge)));
        if (user is null || signInAgain)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Results.Forbid(
                    new AuthenticationProperties(new Dictionary<string, string?>
                    {
                        [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
                        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user is not signed in.",
                    }),
                    [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }

            // Back to this same authorization request once the user has signed in, without what asked for the sign-in
            // (max_age=0 would otherwise send a user who has just signed in round again).
            var parameters = (context.Request.HasFormContentType ? context.Request.Form.AsEnumerable() : context.Request.Query)
                .Where(p => p.Key is not (Parameters.Prompt or Parameters.MaxAge)).ToList();
            var returnUrl = context.Request.PathBase + context.Request.Path + QueryString.Create(parameters);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [DevelopmentIdentityDefaults.CookieScheme]);
        }

        return Results.SignIn(CreateTokenPrincipal(user, request.GetScopes(), authTime), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static DateTimeOffset? AuthenticationTimeOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(Claims.AuthenticationTime), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    internal static ClaimsPrincipal CreateTokenPrincipal(DemoUser user, IEnumerable<string> scopes, DateTimeOffset? authTime = null)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.PreferredUsername, user.Username)
            .SetClaim(Claims.Email, user.Email)
            .SetClaims(Claims.Role, [.. user.Roles]);
        if (authTime is { } signedInAt)
        {
            // When the user typed the password: the portal asks for a recent one before it shows a card number.
            identity.AddClaim(new Claim(Claims.AuthenticationTime, signedInAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        identity.SetScopes(scopes);
        // The portal reads everything from the id_token (no userinfo round trip), so every claim goes there.
        identity.SetDestinations(static _ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext context)
    {
        await context.SignOutAsync(DevelopmentIdentityDefaults.CookieScheme);
        // OpenIddict redirects to the validated post_logout_redirect_uri; "/" is only the fallback.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
