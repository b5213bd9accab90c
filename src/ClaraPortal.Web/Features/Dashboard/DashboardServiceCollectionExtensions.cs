using ClaraPortal.Clara;

namespace ClaraPortal.Web.Features.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// The dashboard's figures (<see cref="DashboardQueries"/>; their cache is shared by every circuit) and the Clara
    /// connection status. The Clara client (a singleton) is resolved when the status is first read, not at registration,
    /// so composing the app never loads certificates.
    /// </summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ClaraCredentialStatus(
            () => sp.GetRequiredService<ClaraClient>().ClientCertificateNotAfter,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SpendOverviewCache>();
        services.AddScoped<DashboardQueries>();
        return services;
    }
}
