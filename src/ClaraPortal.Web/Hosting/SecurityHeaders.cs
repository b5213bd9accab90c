using ClaraPortal.Web.Security;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Hosting;

/// <summary>
/// Headers every response carries (pages, static files, endpoints, error and not-found pages), set as the response
/// starts so that an exception handler clearing the response cannot drop them.
/// </summary>
/// <remarks>
/// The policy fits Blazor Server and MudBlazor: every script is a file of this origin (App.razor has no inline script and
/// no import map; Blazor Server and MudBlazor need no eval), the circuit's WebSocket is same-origin (<c>'self'</c> covers
/// ws/wss of this host). Styles allow 'unsafe-inline': MudBlazor sets style attributes and its theme writes a style
/// element, and CSS cannot run code. Forms may post to this origin and to the identity provider's (sign-out redirects there).
/// </remarks>
public sealed class SecurityHeaders
{
    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    private readonly RequestDelegate _next;
    private readonly string _contentSecurityPolicy;

    public SecurityHeaders(RequestDelegate next, IOptions<OidcProviderOptions> provider)
    {
        _next = next;
        _contentSecurityPolicy = ContentSecurityPolicy(provider.Value.Authority);
    }

    public static string ContentSecurityPolicy(string? authority)
    {
        var formAction = "'self'";
        if (Uri.TryCreate(authority, UriKind.Absolute, out var issuer))
        {
            formAction += " " + issuer.GetLeftPart(UriPartial.Authority);
        }

        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action " + formAction,
            "frame-ancestors 'none'");
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (response, policy) = ((HttpResponse, string))state;
            var headers = response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY"; // frame-ancestors for browsers that predate it
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = PermissionsPolicy;
            return Task.CompletedTask;
        }, (context.Response, _contentSecurityPolicy));
        return _next(context);
    }
}
