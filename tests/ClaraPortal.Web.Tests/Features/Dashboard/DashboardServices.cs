using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Dashboard;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaraPortal.Web.Tests.Features.Dashboard;

/// <summary>
/// What the dashboard reads besides the Clara connection: the cards that need attention, the role panels' and the
/// charts' figures, over a temp database.
/// </summary>
internal static class DashboardServices
{
    public static TempPortalDatabase AddDashboardReads(IServiceCollection services, TempPortalDatabase? database = null, TimeProvider? time = null)
    {
        database ??= TempPortalDatabase.CreateAsync().GetAwaiter().GetResult();
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(database);
        services.AddSingleton<IClaraClient, FakeClaraClient>();
        services.AddSingleton(time ?? TimeProvider.System);
        services.TryAddScoped<CurrentCompany>();
        services.AddScoped<CardQueries>();
        services.AddScoped<ApprovalQueries>();
        services.AddSingleton<SpendOverviewCache>();
        services.AddScoped<DashboardQueries>();
        return database;
    }
}
