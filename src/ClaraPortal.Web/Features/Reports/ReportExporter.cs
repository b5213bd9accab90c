using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Exports;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>
/// Writes a report's lines (those its filter keeps, as the page shows them) as CSV or XLSX into a stream, read in batches
/// as history's exports are (<see cref="TabularExport"/>). The caller owns the stream and records the audit event.
/// </summary>
public sealed class ReportExporter(ReportQueries queries, IStringLocalizer<SharedResource> localizer, ILogger<ReportExporter> logger)
{
    /// <returns>The number of rows written, the header not counted.</returns>
    public Task<long> WriteAsync(Stream destination, Guid reportId, ReportLineFilter filter, ExportFormat format, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default) =>
        TabularExport.WriteAsync(destination, format, ReportExportColumns.Lines(localizer), queries.StreamLinesAsync(reportId, filter, cancellationToken),
            ReportQueries.ExportBatch, progress, logger, cancellationToken);
}

/// <summary>What a report export's audit event records: the format, the filter, the rows written and how it ended.</summary>
public sealed record ReportExportSnapshot(string Format, string Filter, long Rows, string Outcome);

/// <summary>Every report export is an audit event (<see cref="ReportAuditActions.Exported"/>) of the report, as history's are.</summary>
public sealed class ReportExportAudit(ExportAudit audit)
{
    public Task RecordAsync(Guid reportId, ReportLineFilter filter, ExportFormat format, long rows, ExportOutcome outcome, CancellationToken cancellationToken = default)
    {
        var snapshot = new ReportExportSnapshot(format.Name(), ReportPaths.FilterName(filter), rows, outcome.ToString().ToLowerInvariant());
        return audit.RecordAsync(PortalPolicies.CanViewReports,
            new AuditEntry(ReportAuditActions.Exported, ReportAuditActions.ReportEntity, reportId.ToString(), After: snapshot), cancellationToken);
    }
}
