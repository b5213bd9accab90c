namespace ClaraPortal.Web.Features.Catalog;

public static class CatalogServiceCollectionExtensions
{
    /// <param name="warmUp">Sync an empty cache after start and then on a schedule (off in tests that drive syncs themselves).</param>
    /// <param name="syncInterval">Time between scheduled syncs; default one hour.</param>
    public static IServiceCollection AddCatalog(this IServiceCollection services, bool warmUp = true, TimeSpan? syncInterval = null)
    {
        services.AddSingleton<CatalogSyncGate>();
        services.AddScoped<CatalogSync>();
        services.AddScoped<CatalogQueries>();
        if (warmUp)
        {
            services.AddSingleton(new CatalogSyncInterval(syncInterval ?? CatalogSyncInterval.Default));
            services.AddHostedService<CatalogSyncSchedule>();
        }

        return services;
    }
}
