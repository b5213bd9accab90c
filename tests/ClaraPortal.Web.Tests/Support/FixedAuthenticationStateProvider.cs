using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>Always the same user: what a circuit's provider returns after sign-in.</summary>
public sealed class FixedAuthenticationStateProvider(ClaimsPrincipal user) : AuthenticationStateProvider
{
    public ClaimsPrincipal User { get; set; } = user;

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
}
