using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Exports;

/// <summary>Every export is an audit event of the company it read, by the user who asked for it, in a transaction of its own.</summary>
public sealed class ExportAudit(IDbContextFactory<PortalDbContext> contexts, ICurrentUser currentUser, AuditTrail auditTrail)
{
    /// <param name="policy">What the user needed to read the export's data (checked again: the event names them).</param>
    public async Task RecordAsync(string policy, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.DemandAsync(policy, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // AuditTrail links to the chain's tail under the write lock: BEGIN IMMEDIATE first (see AuditTrail).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await auditTrail.AppendAsync(db, AuditActor.From(user), entry, AuditTrail.NewCorrelationId(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
