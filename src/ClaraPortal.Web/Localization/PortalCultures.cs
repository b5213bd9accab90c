using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace ClaraPortal.Web.Localization;

/// <summary>The languages the portal speaks, and the cookie-based switch between them.</summary>
public static class PortalCultures
{
    public const string English = "en-US";
    public const string SpanishMexico = "es-MX";
    public const string SetCulturePath = "/culture/set";

    public static IReadOnlyList<string> Supported { get; } = [English, SpanishMexico];

    public static RequestLocalizationOptions CreateOptions()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(English)
            .AddSupportedCultures([.. Supported])
            .AddSupportedUICultures([.. Supported]);
        // The cookie (set by the switcher) wins over the browser's Accept-Language; no query string.
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        return options;
    }

    /// <summary>GET /culture/set?culture=es-MX&amp;redirectUri=/cards: stores the choice in a cookie and goes back.</summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SetCulturePath, (HttpContext context, TimeProvider time, string? culture, string? redirectUri) =>
        {
            if (culture is not null && Supported.Contains(culture, StringComparer.OrdinalIgnoreCase))
            {
                var chosen = CultureInfo.GetCultureInfo(culture);
                context.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                    new CookieOptions { Expires = time.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });
            }

            // The framework's own local-URL check (it also refuses "/\\host", which browsers read as "//host").
            var target = Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(redirectUri) ? redirectUri! : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous();
        return endpoints;
    }
}
