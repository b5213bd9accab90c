using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace ClaraPortal.Web.Security;

/// <summary>
/// Reads the user through <see cref="AuthenticationStateProvider"/> (never HttpContext, which is
/// gone once a Blazor circuit runs) and evaluates the same policies the pages use.
/// </summary>
public sealed class CurrentUserAccessor(AuthenticationStateProvider authenticationState, IAuthorizationService authorization) : ICurrentUser
{
    public async Task<CurrentUserInfo?> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return CurrentUserInfo.From(state.User);
    }

    public async Task<CurrentUserInfo> DemandAsync(string policy, CancellationToken cancellationToken = default)
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        var user = CurrentUserInfo.From(state.User);
        var result = await authorization.AuthorizeAsync(state.User, resource: null, policy);
        if (user is null || !result.Succeeded)
        {
            throw new AccessDeniedException(policy, user?.Subject);
        }

        return user;
    }
}
