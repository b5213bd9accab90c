using ClaraPortal.Web.Exports;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaraPortal.Web.Features.History;

public static class HistoryServiceCollectionExtensions
{
    /// <summary>History's reads (cards, events, timelines) and its exports. Read-only.</summary>
    public static IServiceCollection AddHistory(this IServiceCollection services)
    {
        services.AddScoped<HistoryQueries>();
        services.AddScoped<HistoryExporter>();
        services.AddScoped<HistoryExportAudit>();
        services.TryAddScoped<ExportAudit>();
        return services;
    }
}
