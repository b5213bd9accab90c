using ClaraPortal.Web.Exports;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.WebUtilities;

namespace ClaraPortal.Web.Features.History;

/// <summary>
/// <c>GET /history/export?format=csv|xlsx&amp;tab=...&amp;(the view's parameters)</c>: the view as a file, streamed to the
/// browser as rows are read (<see cref="ExportDownload"/>), then one audit event saying who exported what, how many rows
/// and whether it completed, was cancelled (the browser stopped reading) or failed.
/// </summary>
public static class HistoryExportEndpoint
{
    public const string Path = "/history/export";

    /// <summary>The address of <paramref name="view"/>'s export as <paramref name="format"/>.</summary>
    public static string UrlFor(HistoryView view, ExportFormat format) =>
        QueryHelpers.AddQueryString(Path, [new("format", format.Name()), .. HistoryUrl.Parameters(view)]);

    /// <summary>The file's name: <c>history-cards-2026-12-01.csv</c> (the day in UTC, as the file's times are).</summary>
    public static string FileName(HistoryTab tab, ExportFormat format, DateTimeOffset now) =>
        $"history-{tab.ToString().ToLowerInvariant()}-{now.UtcDateTime:yyyy-MM-dd}.{format.Name()}";

    public static IEndpointRouteBuilder MapHistoryExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, ExportAsync).RequireAuthorization(PortalPolicies.CanViewHistory);
        return endpoints;
    }

    private static async Task ExportAsync(
        HttpContext context, HistoryExporter exporter, HistoryExportAudit audit, AuthenticationStateProvider authentication, TimeProvider time, ILogger<HistoryExporter> logger)
    {
        ExportDownload.UseRequestUser(context, authentication);
        if (ExportFormats.Parse(context.Request.Query["format"]) is not { } format)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var view = HistoryUrl.Parse(context.Request.QueryString.Value);
        await ExportDownload.StreamAsync(
            context, format, FileName(view.Tab, format, time.GetUtcNow()),
            (body, progress, ct) => exporter.WriteAsync(body, view, format, progress, ct),
            (rows, outcome) => audit.RecordAsync(view, format, rows, outcome, CancellationToken.None),
            logger);
    }
}
