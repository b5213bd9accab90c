using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ClaraPortal.Web.Security;

/// <summary>
/// GET /account/sign-in-again?returnUrl=/local/path: sends the user to the identity provider to type their password again
/// (<c>prompt=login</c> and <c>max_age=0</c>, so neither the provider's session nor a remembered login answers for them),
/// then back to the page. The fresh id_token's auth_time replaces the session's; pages that need a recent sign-in check it.
/// </summary>
public static class SignInAgainEndpoint
{
    public const string Path = "/account/sign-in-again";

    public static IEndpointRouteBuilder MapSignInAgain(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (string? returnUrl) =>
            {
                var properties = new OpenIdConnectChallengeProperties
                {
                    // Only a path of this portal: never an open redirect.
                    RedirectUri = !string.IsNullOrEmpty(returnUrl) && RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl : "/",
                    Prompt = OpenIdConnectPrompt.Login,
                    MaxAge = TimeSpan.Zero,
                };
                return Results.Challenge(properties, [OpenIdConnectDefaults.AuthenticationScheme]);
            })
            .AllowAnonymous();
        return endpoints;
    }
}
