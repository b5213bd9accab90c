using System.Globalization;
using System.Security.Claims;
using Bunit;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>
/// bUnit with the portal's real localization, policies and MudBlazor, an interactive renderer and a
/// chosen user (anonymous until <see cref="SignIn"/>). MudBlazor's services are only async-disposable,
/// hence IAsyncLifetime.
/// </summary>
public abstract class PortalBunitContext : BunitContext, IAsyncLifetime
{
    private readonly FixedAuthenticationStateProvider _authentication = new(TestUsers.Anonymous);

    protected PortalBunitContext()
        : this(register: null)
    {
    }

    /// <param name="register">
    /// The test's own services. They go in before the renderer info is set: that builds bUnit's
    /// provider, after which nothing more can be registered.
    /// </param>
    protected PortalBunitContext(Action<IServiceCollection>? register)
    {
        // What a test reads (labels, "1,500.50 MXN", dates) must not depend on the machine's culture: English
        // (en-US) unless the test picks another with a CultureScope. Set here, it flows into the test method (an
        // async-local value, like the culture RequestLocalization sets per request) and nowhere else.
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(DefaultCulture);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(DefaultCulture);
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
        // Every page's heading and the layout name the company: the sandbox's two, unless the test registers its own.
        Services.AddSingleton(TestCompanies.Sandbox);
        // The refusal view records access denied; the dashboard reads the audit chain's latest verification.
        Services.AddSingleton<ISecurityAudit>(SecurityAudit);
        Services.AddSingleton<AuditChainStatus>();
        register?.Invoke(Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>What the components under test recorded as security events (access denied).</summary>
    protected RecordingSecurityAudit SecurityAudit { get; } = new();

    /// <summary>The culture every test of these classes starts in.</summary>
    public const string DefaultCulture = "en-US";

    protected void SignIn(ClaimsPrincipal user) => _authentication.User = user;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Runs after bUnit and MudBlazor are disposed (e.g. to delete the test's database).</summary>
    protected virtual Task DisposeTestAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await DisposeTestAsync();
    }
}
