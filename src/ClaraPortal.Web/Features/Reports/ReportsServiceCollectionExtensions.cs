using ClaraPortal.Web.Exports;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaraPortal.Web.Features.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>Reconciliation reports: starting them, the background poller, reads, exports and live news.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration? configuration = null, bool pollInBackground = true)
    {
        var options = services.AddOptions<ReportOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(ReportOptions.SectionName));
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IReportNotifications, InProcessReportNotifications>();
        services.TryAddSingleton<ReportPollerSignal>();
        services.AddScoped<ReconciliationReports>();
        services.AddScoped<ReportQueries>();
        services.AddScoped<ReportExporter>();
        services.AddScoped<ReportExportAudit>();
        services.TryAddScoped<ExportAudit>();
        if (pollInBackground)
        {
            services.AddHostedService<ReportPoller>();
        }

        return services;
    }
}
