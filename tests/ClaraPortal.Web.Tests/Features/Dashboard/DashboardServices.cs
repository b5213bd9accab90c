using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.Dashboard;

/// <summary>What the dashboard reads besides the Clara connection: the cards that need attention, from a temp database.</summary>
internal static class DashboardServices
{
    public static TempPortalDatabase AddCardReads(IServiceCollection services, TempPortalDatabase? database = null)
    {
        database ??= TempPortalDatabase.CreateAsync().GetAwaiter().GetResult();
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(database);
        services.AddSingleton<IClaraClient, FakeClaraClient>();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<CardQueries>();
        return database;
    }
}
