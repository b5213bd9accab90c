using System.Security.Claims;
using Bunit;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>
/// Like <see cref="PortalBunitContext"/>, but takes the test's registrations before setting the renderer
/// info (which builds bUnit's provider, after which nothing more can be registered).
/// </summary>
public abstract class IssuanceBunitContext : BunitContext, IAsyncLifetime
{
    private readonly FixedAuthenticationStateProvider _authentication = new(TestUsers.InRole(PortalRoles.Issuer));

    protected IssuanceBunitContext(Action<IServiceCollection> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddAuthorizationCore(PortalPolicies.Configure);
        Services.AddTransient<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddTransient<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(_authentication);
        Services.AddScoped<ICurrentUser, CurrentUserAccessor>();
        register(Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected void SignIn(ClaimsPrincipal user) => _authentication.User = user;

    public abstract Task InitializeAsync();

    /// <summary>Runs after bUnit and MudBlazor are disposed (e.g. to delete the test's database).</summary>
    protected virtual Task DisposeTestAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await DisposeTestAsync();
    }
}
