using System.Diagnostics;
using ClaraPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.History;

/// <summary>
/// Writes a view of history (its tab, filter and sort: exactly what the grid shows) as a CSV or XLSX file into a stream,
/// row by row as <see cref="HistoryQueries"/> reads them in batches, so memory stays flat whatever the row count. The
/// caller owns the stream (a response body, a file) and records the audit event (<see cref="HistoryExportAudit"/>).
/// </summary>
public sealed class HistoryExporter(HistoryQueries queries, IStringLocalizer<SharedResource> localizer, ILogger<HistoryExporter> logger)
{
    /// <inheritdoc cref="WriteAsync"/>
    public Task<long> WriteCsvAsync(Stream destination, HistoryView view, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        WriteAsync(destination, view, HistoryExportFormat.Csv, progress, cancellationToken);

    /// <inheritdoc cref="WriteAsync"/>
    public Task<long> WriteXlsxAsync(Stream destination, HistoryView view, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        WriteAsync(destination, view, HistoryExportFormat.Xlsx, progress, cancellationToken);

    /// <summary>Writes every row of <paramref name="view"/> (a header first) to <paramref name="destination"/>, which stays open.</summary>
    /// <param name="progress">
    /// Rows written so far: after each batch of <see cref="HistoryQueries.ExportBatchSize"/> (once it is flushed to the
    /// stream) and once at the end, also when the export stops early (cancelled or failed), so a caller knows how far it got.
    /// </param>
    /// <returns>The number of rows written, the header not counted.</returns>
    public async Task<long> WriteAsync(Stream destination, HistoryView view, HistoryExportFormat format, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(view);
        var started = Stopwatch.GetTimestamp();
        long rows = 0;
        try
        {
            await using var sink = format == HistoryExportFormat.Xlsx
                ? (IHistoryExportSink)await XlsxExportSink.CreateAsync(destination, HistoryExportColumns.SheetName(view.Tab, localizer), HistoryExportColumns.Count(view.Tab), cancellationToken)
                : CsvExportSink.Create(destination);
            await sink.WriteHeaderAsync(HistoryExportColumns.Headers(view.Tab, localizer), cancellationToken);
            if (view.Tab == HistoryTab.Events)
            {
                await foreach (var row in queries.StreamEventsAsync(view.Events, view.EventSort, view.EventsDescending, cancellationToken))
                {
                    HistoryExportColumns.Write(sink, row);
                    rows = await EndRowAsync(sink, rows, progress, cancellationToken);
                }
            }
            else
            {
                await foreach (var row in queries.StreamCardsAsync(view.Cards, view.CardSort, view.CardsDescending, cancellationToken))
                {
                    HistoryExportColumns.Write(sink, row);
                    rows = await EndRowAsync(sink, rows, progress, cancellationToken);
                }
            }

            await sink.FinishAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            HistoryExportLog.Written(logger, view.Tab, format, rows, elapsed.TotalMilliseconds);
            return rows;
        }
        catch (Exception ex) when (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            HistoryExportLog.Cancelled(logger, view.Tab, format, rows);
            throw;
        }
        finally
        {
            progress?.Report(rows);
        }
    }

    private static async ValueTask<long> EndRowAsync(IHistoryExportSink sink, long rows, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await sink.EndRowAsync(cancellationToken);
        rows++;
        // The end of each of the queries' batches: what was read goes out before the next read.
        if (rows % HistoryQueries.ExportBatchSize == 0)
        {
            await sink.FlushAsync(cancellationToken);
            progress?.Report(rows);
        }

        return rows;
    }
}

internal static partial class HistoryExportLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "History export of {Tab} as {Format}: {Rows} rows in {ElapsedMs:F0} ms")]
    public static partial void Written(ILogger logger, HistoryTab tab, HistoryExportFormat format, long rows, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "History export of {Tab} as {Format} cancelled after {Rows} rows")]
    public static partial void Cancelled(ILogger logger, HistoryTab tab, HistoryExportFormat format, long rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "History export of {Tab} as {Format} failed after {Rows} rows")]
    public static partial void Failed(ILogger logger, Exception exception, HistoryTab tab, HistoryExportFormat format, long rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit event of a history export ({Outcome}, {Rows} rows) could not be written")]
    public static partial void AuditFailed(ILogger logger, Exception exception, HistoryExportOutcome outcome, long rows);
}
