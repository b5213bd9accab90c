using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.History;

/// <summary>How an export ended.</summary>
public enum HistoryExportOutcome
{
    Completed,
    Cancelled,
    Failed,
}

/// <summary>What an export's audit event records: the tab, the view's parameters (filter and sort), the format, the rows written and how it ended.</summary>
public sealed record HistoryExportSnapshot(string Tab, string Format, IReadOnlyDictionary<string, string?> View, long Rows, string Outcome);

/// <summary>Every export is an audit event (<see cref="Action"/>) of the company it read, by the user who asked for it.</summary>
public sealed class HistoryExportAudit(IDbContextFactory<PortalDbContext> contexts, ICurrentUser currentUser, AuditTrail auditTrail)
{
    public const string Action = "history.exported";
    public const string EntityType = "HistoryExport";

    public async Task RecordAsync(HistoryView view, HistoryExportFormat format, long rows, HistoryExportOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        var user = await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        var tab = view.Tab.ToString().ToLowerInvariant();
        var snapshot = new HistoryExportSnapshot(
            tab,
            format.Name(),
            HistoryUrl.Parameters(view).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            rows,
            outcome.ToString().ToLowerInvariant());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // AuditTrail links to the chain's tail under the write lock: BEGIN IMMEDIATE first (see AuditTrail).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await auditTrail.AppendAsync(db, AuditActor.From(user), new AuditEntry(Action, EntityType, tab, After: snapshot), AuditTrail.NewCorrelationId(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
