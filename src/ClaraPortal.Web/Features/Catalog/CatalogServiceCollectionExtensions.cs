namespace ClaraPortal.Web.Features.Catalog;

public static class CatalogServiceCollectionExtensions
{
    /// <param name="warmUp">Sync an empty cache in the background after start (off in tests that drive syncs themselves).</param>
    public static IServiceCollection AddCatalog(this IServiceCollection services, bool warmUp = true)
    {
        services.AddSingleton<CatalogSyncGate>();
        services.AddScoped<CatalogSync>();
        services.AddScoped<CatalogQueries>();
        if (warmUp)
        {
            services.AddHostedService<CatalogWarmup>();
        }

        return services;
    }
}
