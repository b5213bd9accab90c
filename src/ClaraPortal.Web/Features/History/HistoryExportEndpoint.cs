using System.Runtime.ExceptionServices;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ClaraPortal.Web.Features.History;

/// <summary>
/// <c>GET /history/export?format=csv|xlsx&amp;tab=...&amp;(the view's parameters)</c>: the view as a file, streamed to the
/// browser as rows are read (no buffering), then one audit event saying who exported what, how many rows and whether it
/// completed, was cancelled (the browser stopped reading) or failed.
/// </summary>
public static class HistoryExportEndpoint
{
    public const string Path = "/history/export";

    /// <summary>The address of <paramref name="view"/>'s export as <paramref name="format"/>.</summary>
    public static string UrlFor(HistoryView view, HistoryExportFormat format) =>
        QueryHelpers.AddQueryString(Path, [new("format", format.Name()), .. HistoryUrl.Parameters(view)]);

    /// <summary>The file's name: <c>history-cards-2026-12-01.csv</c> (the day in UTC, as the file's times are).</summary>
    public static string FileName(HistoryTab tab, HistoryExportFormat format, DateTimeOffset now) =>
        $"history-{tab.ToString().ToLowerInvariant()}-{now.UtcDateTime:yyyy-MM-dd}.{format.Name()}";

    public static IEndpointRouteBuilder MapHistoryExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, ExportAsync).RequireAuthorization(PortalPolicies.CanViewHistory);
        return endpoints;
    }

    private static async Task ExportAsync(
        HttpContext context, HistoryExporter exporter, HistoryExportAudit audit, AuthenticationStateProvider authentication, TimeProvider time, ILogger<HistoryExporter> logger)
    {
        // The services read the user through AuthenticationStateProvider, as on a page; outside a circuit it must be
        // told the request's user (after the claims transformation, so it carries the company).
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
        }

        if (HistoryExportFormats.Parse(context.Request.Query["format"]) is not { } format)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var view = HistoryUrl.Parse(context.Request.QueryString.Value);
        var response = context.Response;
        response.ContentType = format.ContentType();
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = FileName(view.Tab, format, time.GetUtcNow()),
            FileName = FileName(view.Tab, format, time.GetUtcNow()),
        }.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var written = new RowsWritten();
        var outcome = HistoryExportOutcome.Failed;
        ExceptionDispatchInfo? failure = null;
        try
        {
            await exporter.WriteAsync(response.Body, view, format, written, context.RequestAborted);
            outcome = HistoryExportOutcome.Completed;
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser stopped reading (the user cancelled, closed the tab): whatever the writer threw on the way out.
            outcome = HistoryExportOutcome.Cancelled;
        }
        catch (Exception ex)
        {
            HistoryExportLog.Failed(logger, ex, view.Tab, format, written.Rows);
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        try
        {
            // Not the request's token: a cancelled export is recorded too, after the browser has gone.
            await audit.RecordAsync(view, format, written.Rows, outcome, CancellationToken.None);
        }
        catch (Exception ex) when (failure is not null)
        {
            HistoryExportLog.AuditFailed(logger, ex, outcome, written.Rows);
        }

        // Rethrown after the response has started, it makes the server drop the connection: the browser sees a broken
        // download, never a file that looks whole.
        failure?.Throw();
    }

    /// <summary>The exporter's progress, kept as it comes (no synchronization context: the request's own thread).</summary>
    private sealed class RowsWritten : IProgress<long>
    {
        public long Rows { get; private set; }

        public void Report(long value) => Rows = value;
    }
}
