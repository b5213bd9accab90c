using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Exports;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Features.History;

/// <summary>What an export's audit event records: the tab, the view's parameters (filter and sort), the format, the rows written and how it ended.</summary>
public sealed record HistoryExportSnapshot(string Tab, string Format, IReadOnlyDictionary<string, string?> View, long Rows, string Outcome);

/// <summary>Every history export is an audit event (<see cref="Action"/>) of the company it read, by the user who asked for it.</summary>
public sealed class HistoryExportAudit(ExportAudit audit)
{
    public const string Action = "history.exported";
    public const string EntityType = "HistoryExport";

    public Task RecordAsync(HistoryView view, ExportFormat format, long rows, ExportOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        var tab = view.Tab.ToString().ToLowerInvariant();
        var snapshot = new HistoryExportSnapshot(
            tab,
            format.Name(),
            HistoryUrl.Parameters(view).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            rows,
            outcome.ToString().ToLowerInvariant());
        return audit.RecordAsync(PortalPolicies.CanViewHistory, new AuditEntry(Action, EntityType, tab, After: snapshot), cancellationToken);
    }
}
