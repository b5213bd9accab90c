using System.Security.Claims;
using Bunit;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>
/// bUnit with the portal's real localization, policies and MudBlazor, an interactive renderer and a
/// chosen user. MudBlazor's services are only async-disposable, hence IAsyncLifetime.
/// </summary>
public abstract class PortalBunitContext : BunitContext, IAsyncLifetime
{
    private readonly FixedAuthenticationStateProvider _authentication = new(TestUsers.Anonymous);

    protected PortalBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddAuthorizationCore(PortalPolicies.Configure);
        // bUnit registers placeholders that fail on use; these are the real ones, with the real policies.
        Services.AddTransient<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddTransient<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(_authentication);
        Services.AddScoped<ICurrentUser, CurrentUserAccessor>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected void SignIn(ClaimsPrincipal user) => _authentication.User = user;

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
