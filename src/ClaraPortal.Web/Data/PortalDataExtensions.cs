using ClaraPortal.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaraPortal.Web.Data;

public static class PortalDataExtensions
{
    /// <summary>
    /// Registers the database: <see cref="IDbContextFactory{PortalDbContext}"/> per scope, working for the scope's
    /// company; <see cref="PortalDatabase"/> for the places that name a company (or none); migration at start.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, PortalDataOptions data)
    {
        services.AddSingleton(data);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = new DbContextOptionsBuilder<PortalDbContext>();
            ConfigureSqlite(options, data.ConnectionString);
            options.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return options.Options;
        });
        services.AddPortalContexts();
        services.AddHostedService<DatabaseMigrator>();
        return services;
    }

    /// <summary>The company-aware contexts over already registered options (tests bring their own database).</summary>
    public static IServiceCollection AddPortalContexts(this IServiceCollection services)
    {
        services.TryAddSingleton<PortalDatabase>();
        services.TryAddScoped<CurrentCompany>();
        services.TryAddScoped<IDbContextFactory<PortalDbContext>, CompanyDbContextFactory>();
        return services;
    }

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(new SqliteWalInterceptor());
}
