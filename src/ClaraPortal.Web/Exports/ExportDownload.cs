using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace ClaraPortal.Web.Exports;

/// <summary>
/// An export endpoint's response: the file streamed to the browser as rows are written (no buffering), then one audit
/// event saying how many rows went out and whether the export completed, was cancelled (the browser stopped reading) or
/// failed. History's and reports' endpoints differ only in what they write and what they audit.
/// </summary>
internal static partial class ExportDownload
{
    /// <summary>
    /// The services read the user through <see cref="AuthenticationStateProvider"/>, as on a page; outside a circuit it
    /// must be told the request's user (after the claims transformation, so it carries the company).
    /// </summary>
    public static void UseRequestUser(HttpContext context, AuthenticationStateProvider authentication)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
        }
    }

    /// <param name="write">Writes the file into the stream, reporting the rows written.</param>
    /// <param name="audit">Records the export: the rows written and how it ended (called with no cancellation token).</param>
    public static async Task StreamAsync(
        HttpContext context, ExportFormat format, string fileName, Func<Stream, IProgress<long>, CancellationToken, Task> write,
        Func<long, ExportOutcome, Task> audit, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(audit);
        var response = context.Response;
        response.ContentType = format.ContentType();
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var written = new RowsWritten();
        var outcome = ExportOutcome.Failed;
        ExceptionDispatchInfo? failure = null;
        try
        {
            await write(response.Body, written, context.RequestAborted);
            outcome = ExportOutcome.Completed;
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser stopped reading (the user cancelled, closed the tab): whatever the writer threw on the way out.
            outcome = ExportOutcome.Cancelled;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, fileName, written.Rows);
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        try
        {
            // A cancelled export is recorded too, after the browser has gone.
            await audit(written.Rows, outcome);
        }
        catch (Exception ex) when (failure is not null)
        {
            LogAuditFailed(logger, ex, outcome, written.Rows);
        }

        // Rethrown after the response has started, it makes the server drop the connection: the browser sees a broken
        // download, never a file that looks whole.
        failure?.Throw();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The export {FileName} failed after {Rows} rows")]
    private static partial void LogFailed(ILogger logger, Exception exception, string fileName, long rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit event of an export ({Outcome}, {Rows} rows) could not be written")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, ExportOutcome outcome, long rows);

    /// <summary>The writer's progress, kept as it comes (no synchronization context: the request's own thread).</summary>
    private sealed class RowsWritten : IProgress<long>
    {
        public long Rows { get; private set; }

        public void Report(long value) => Rows = value;
    }
}
