using System.Security.Claims;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>The real policies and current-user accessor over a fixed user, for service tests.</summary>
public static class PortalServices
{
    public static IServiceCollection AddPortalSecurityFor(this IServiceCollection services, ClaimsPrincipal user)
    {
        services.AddLogging();
        services.AddAuthorizationCore(PortalPolicies.Configure);
        services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationStateProvider(user));
        services.AddScoped<ICurrentUser, CurrentUserAccessor>();
        return services;
    }

    public static ICurrentUser CurrentUser(ClaimsPrincipal user) =>
        new ServiceCollection().AddPortalSecurityFor(user).BuildServiceProvider().GetRequiredService<ICurrentUser>();
}
