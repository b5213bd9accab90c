using ClaraPortal.Web.Exports;
using ClaraPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.History;

/// <summary>
/// Writes a view of history (its tab, filter and sort: exactly what the grid shows) as a CSV or XLSX file into a stream,
/// row by row as <see cref="HistoryQueries"/> reads them in batches (<see cref="TabularExport"/>), so memory stays flat
/// whatever the row count. The caller owns the stream (a response body, a file) and records the audit event
/// (<see cref="HistoryExportAudit"/>).
/// </summary>
public sealed class HistoryExporter(HistoryQueries queries, IStringLocalizer<SharedResource> localizer, ILogger<HistoryExporter> logger)
{
    /// <inheritdoc cref="WriteAsync"/>
    public Task<long> WriteCsvAsync(Stream destination, HistoryView view, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        WriteAsync(destination, view, ExportFormat.Csv, progress, cancellationToken);

    /// <inheritdoc cref="WriteAsync"/>
    public Task<long> WriteXlsxAsync(Stream destination, HistoryView view, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        WriteAsync(destination, view, ExportFormat.Xlsx, progress, cancellationToken);

    /// <summary>Writes every row of <paramref name="view"/> (a header first) to <paramref name="destination"/>, which stays open.</summary>
    /// <param name="progress">
    /// Rows written so far: after each batch of <see cref="HistoryQueries.ExportBatchSize"/> (once it is flushed to the
    /// stream) and once at the end, also when the export stops early (cancelled or failed), so a caller knows how far it got.
    /// </param>
    /// <returns>The number of rows written, the header not counted.</returns>
    public Task<long> WriteAsync(Stream destination, HistoryView view, ExportFormat format, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Tab == HistoryTab.Events
            ? TabularExport.WriteAsync(destination, format, HistoryExportColumns.Events(localizer),
                queries.StreamEventsAsync(view.Events, view.EventSort, view.EventsDescending, cancellationToken),
                HistoryQueries.ExportBatchSize, progress, logger, cancellationToken)
            : TabularExport.WriteAsync(destination, format, HistoryExportColumns.Cards(localizer),
                queries.StreamCardsAsync(view.Cards, view.CardSort, view.CardsDescending, cancellationToken),
                HistoryQueries.ExportBatchSize, progress, logger, cancellationToken);
    }
}
