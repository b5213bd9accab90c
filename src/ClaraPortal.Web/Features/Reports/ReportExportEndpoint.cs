using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Exports;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>
/// <c>GET /reports/{id}/export?format=csv|xlsx&amp;filter=all|unmatched|over-limit</c>: a ready report's lines as a file,
/// streamed as they are read (<see cref="ExportDownload"/>), then a <c>report.exported</c> audit event. A report of
/// another company is as unknown as one that never was (the scope's database sees its own company only): 404.
/// </summary>
public static class ReportExportEndpoint
{
    public const string Pattern = ReportPaths.List + "/{id:guid}/export";

    public static IEndpointRouteBuilder MapReportExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Pattern, ExportAsync).RequireAuthorization(PortalPolicies.CanViewReports);
        return endpoints;
    }

    private static async Task ExportAsync(
        Guid id, HttpContext context, ReportQueries queries, ReportExporter exporter, ReportExportAudit audit, AuthenticationStateProvider authentication,
        ILogger<ReportExporter> logger)
    {
        ExportDownload.UseRequestUser(context, authentication);
        if (ExportFormats.Parse(context.Request.Query["format"]) is not { } format)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var report = await queries.GetAsync(id, context.RequestAborted);
        if (report is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (report.State != ReportState.Ready)
        {
            // Its lines are worked out once the last row is in: until then there is nothing to export.
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            return;
        }

        var filter = ReportPaths.ParseFilter(context.Request.Query[ReportPaths.FilterParameter]);
        await ExportDownload.StreamAsync(
            context, format, ReportPaths.FileName(report, filter, format),
            (body, progress, ct) => exporter.WriteAsync(body, id, filter, format, progress, ct),
            (rows, outcome) => audit.RecordAsync(id, filter, format, rows, outcome, CancellationToken.None),
            logger);
    }
}
