using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaraPortal.Web.Data;

public static class PortalDataExtensions
{
    /// <summary>Registers <see cref="PortalDbContext"/> through a factory, and migrates the database at start.</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, PortalDataOptions data)
    {
        services.AddSingleton(data);
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContextFactory<PortalDbContext>(options => ConfigureSqlite(options, data.ConnectionString));
        services.AddHostedService<DatabaseMigrator>();
        return services;
    }

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(new SqliteWalInterceptor());
}
