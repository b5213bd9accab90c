using System.Diagnostics;

namespace ClaraPortal.Web.Exports;

/// <summary>What a file holds: its sheet's name, its header (in the reader's language) and how one row fills its columns.</summary>
/// <param name="Name">What is exported, for the logs (<c>history cards</c>, <c>report lines</c>).</param>
internal sealed record ExportTable<TRow>(string Name, string SheetName, IReadOnlyList<string> Headers, Action<IExportSink, TRow> Write);

/// <summary>
/// The one loop every export runs: a header, then each row as its query reads it in batches, pushed to the destination at
/// the end of each batch, so memory stays flat whatever the row count. The caller owns the stream (a response body, a
/// file) and records the audit event.
/// </summary>
internal static partial class TabularExport
{
    /// <summary>ISO 8601 in UTC, to the second (<c>2026-11-20T12:00:00Z</c>).</summary>
    public const string IsoUtcFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>Writes <paramref name="rows"/> (a header first) to <paramref name="destination"/>, which stays open.</summary>
    /// <param name="batchSize">The query's batch: what was read goes out before the next read.</param>
    /// <param name="progress">
    /// Rows written so far: after each batch (once it is flushed to the stream) and once at the end, also when the export
    /// stops early (cancelled or failed), so a caller knows how far it got.
    /// </param>
    /// <returns>The number of rows written, the header not counted.</returns>
    public static async Task<long> WriteAsync<TRow>(
        Stream destination, ExportFormat format, ExportTable<TRow> table, IAsyncEnumerable<TRow> rows, int batchSize,
        IProgress<long>? progress, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var started = Stopwatch.GetTimestamp();
        long written = 0;
        try
        {
            await using var sink = format == ExportFormat.Xlsx
                ? (IExportSink)await XlsxExportSink.CreateAsync(destination, table.SheetName, table.Headers.Count, cancellationToken)
                : CsvExportSink.Create(destination);
            await sink.WriteHeaderAsync(table.Headers, cancellationToken);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                table.Write(sink, row);
                await sink.EndRowAsync(cancellationToken);
                written++;
                if (written % batchSize == 0)
                {
                    await sink.FlushAsync(cancellationToken);
                    progress?.Report(written);
                }
            }

            await sink.FinishAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogWritten(logger, table.Name, format, written, elapsed.TotalMilliseconds);
            return written;
        }
        catch (Exception ex) when (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            LogCancelled(logger, table.Name, format, written);
            throw;
        }
        finally
        {
            progress?.Report(written);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export of {Export} as {Format}: {Rows} rows in {ElapsedMs:F0} ms")]
    private static partial void LogWritten(ILogger logger, string export, ExportFormat format, long rows, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export of {Export} as {Format} cancelled after {Rows} rows")]
    private static partial void LogCancelled(ILogger logger, string export, ExportFormat format, long rows);
}
