using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClaraPortal.Web.Data.Configurations;

internal sealed class CardPurchaseConfiguration : IEntityTypeConfiguration<CardPurchase>
{
    public void Configure(EntityTypeBuilder<CardPurchase> purchase)
    {
        purchase.Property(p => p.Id).ValueGeneratedNever();
        purchase.Property(p => p.IdempotencyKey).HasMaxLength(80);
        purchase.HasIndex(p => p.IdempotencyKey).IsUnique();
        // Unique but nullable: SQLite and PostgreSQL let many rows hold NULL (not yet known) under a unique index.
        purchase.HasIndex(p => new { p.Company, p.ClaraPurchaseId }).IsUnique();
        purchase.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        // History sorts and filters a million rows per company: every sort key and every filter has an index that ends
        // in (CreatedAt, Id), the tie-breakers of every history sort, so a page is one index range scan (keyset paging).
        purchase.HasIndex(p => new { p.Company, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.Status, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.IssuedBy, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.IssuedByName, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.SupplierId, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.SupplierName, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.TemplateId, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.TemplateName, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.FundingCardId, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.FundingCardName, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.Amount, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.Last4, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.ClaraPurchaseId, p.CreatedAt, p.Id });
        purchase.HasIndex(p => new { p.Company, p.ReferenceKey, p.CreatedAt, p.Id });
        // The cards list: an Issuer's own cards by status.
        purchase.HasIndex(p => new { p.Company, p.IssuedBy, p.Status });
        purchase.Property(p => p.SupplierName).HasMaxLength(200);
        purchase.Property(p => p.TemplateName).HasMaxLength(200);
        purchase.Property(p => p.FundingCardName).HasMaxLength(200);
        purchase.Property(p => p.ReferenceKey).HasMaxLength(100);
        purchase.Property(p => p.Currency).HasMaxLength(3);
        purchase.Property(p => p.Reference).HasMaxLength(100);
        purchase.Property(p => p.Last4).HasMaxLength(4);
        purchase.Property(p => p.Brand).HasMaxLength(20);
        purchase.Property(p => p.IssuedBy).HasMaxLength(200);
        purchase.Property(p => p.IssuedByName).HasMaxLength(200);
        purchase.Property(p => p.FailureCode).HasMaxLength(40);
        purchase.Property(p => p.FailureMessage).HasMaxLength(2000);
        purchase.Property(p => p.CancelReason).HasMaxLength(500);
        purchase.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        purchase.Property(p => p.PendingWrite).HasConversion<string>().HasMaxLength(20);
        purchase.Property(p => p.PendingWriteKey).HasMaxLength(80);
        purchase.Property(p => p.PendingWriteJson).HasMaxLength(4000);
        purchase.Property(p => p.NeedsAttentionReason).HasMaxLength(500);
        // The resolver's scan: unsettled rows that are due, and the attention list.
        purchase.HasIndex(p => new { p.Company, p.NextResolveAt });
        purchase.HasIndex(p => new { p.Company, p.PendingWriteKey });
        purchase.HasIndex(p => new { p.Company, p.NeedsAttentionAt });
    }
}

internal sealed class ApprovalRequestConfiguration : IEntityTypeConfiguration<ApprovalRequest>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> request)
    {
        request.Property(r => r.Id).ValueGeneratedNever();
        request.Property(r => r.Kind).HasMaxLength(40);
        request.Property(r => r.Summary).HasMaxLength(500);
        request.Property(r => r.Currency).HasMaxLength(3);
        request.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        request.Property(r => r.RequestedBy).HasMaxLength(200);
        request.Property(r => r.RequestedByName).HasMaxLength(200);
        request.Property(r => r.DecidedBy).HasMaxLength(200);
        request.Property(r => r.DecidedByName).HasMaxLength(200);
        request.Property(r => r.Reason).HasMaxLength(1000);
        request.Property(r => r.Justification).HasMaxLength(1000);
        request.Property(r => r.RequestKey).HasMaxLength(80);
        request.HasIndex(r => r.RequestKey).IsUnique();
        request.Property(r => r.RuleKey).HasMaxLength(80);
        request.Property(r => r.PolicyJson).HasMaxLength(4000);
        request.Property(r => r.FailureMessage).HasMaxLength(2000);
        // The expiry job's scan.
        request.HasIndex(r => new { r.Company, r.Status, r.ExpiresAt });
        request.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
        request.HasIndex(r => new { r.Company, r.Status, r.RequestedAt });
        request.HasIndex(r => new { r.Company, r.RequestedBy });
        request.HasIndex(r => new { r.Company, r.CardPurchaseId });
        // History's approval trail of a card issued through a request.
        request.HasIndex(r => new { r.Company, r.IssuedCardPurchaseId });
    }
}

internal sealed class ApprovalDecisionConfiguration : IEntityTypeConfiguration<ApprovalDecision>
{
    public void Configure(EntityTypeBuilder<ApprovalDecision> decision)
    {
        decision.Property(d => d.ApproverSubject).HasMaxLength(200);
        decision.Property(d => d.ApproverName).HasMaxLength(200);
        decision.Property(d => d.Verdict).HasConversion<string>().HasMaxLength(20);
        decision.Property(d => d.Comment).HasMaxLength(1000);
        // One decision per approver and request: two approvals of a two-approver band are always two people.
        decision.HasIndex(d => new { d.ApprovalRequestId, d.ApproverSubject }).IsUnique();
        decision.HasIndex(d => new { d.Company, d.ApproverSubject });
        // A request's decisions, as every company-filtered read asks for them (Company = ? AND ApprovalRequestId IN ...):
        // without it SQLite picks (Company, ApproverSubject) and reads every decision of the company.
        decision.HasIndex(d => new { d.Company, d.ApprovalRequestId });
    }
}

internal sealed class ApprovalBandConfiguration : IEntityTypeConfiguration<ApprovalBand>
{
    public void Configure(EntityTypeBuilder<ApprovalBand> band)
    {
        band.Property(b => b.Currency).HasMaxLength(3);
        band.Property(b => b.UpdatedBy).HasMaxLength(200);
        band.HasIndex(b => new { b.Company, b.TemplateId, b.Currency }).IsUnique();
    }
}

internal sealed class IssuerAuthorityConfiguration : IEntityTypeConfiguration<IssuerAuthority>
{
    public void Configure(EntityTypeBuilder<IssuerAuthority> authority)
    {
        authority.Property(a => a.Subject).HasMaxLength(200);
        authority.Property(a => a.Currency).HasMaxLength(3);
        authority.Property(a => a.UpdatedBy).HasMaxLength(200);
        authority.HasIndex(a => new { a.Company, a.Subject, a.Currency }).IsUnique();
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.Property(a => a.ActorId).HasMaxLength(200);
        audit.Property(a => a.ActorName).HasMaxLength(200);
        audit.Property(a => a.Action).HasMaxLength(80);
        audit.Property(a => a.EntityType).HasMaxLength(80);
        audit.Property(a => a.EntityId).HasMaxLength(80);
        audit.Property(a => a.CorrelationId).HasMaxLength(80);
        audit.Property(a => a.PreviousHash).HasMaxLength(64);
        audit.Property(a => a.Hash).HasMaxLength(64);
        // History's events tab: each sort key and filter ends in (OccurredAt, Id), the tie-breakers of every sort.
        audit.HasIndex(a => new { a.Company, a.OccurredAt, a.Id });
        audit.HasIndex(a => new { a.Company, a.ActorId, a.OccurredAt, a.Id });
        audit.HasIndex(a => new { a.Company, a.ActorName, a.OccurredAt, a.Id });
        audit.HasIndex(a => new { a.Company, a.Action, a.OccurredAt, a.Id });
        audit.HasIndex(a => new { a.Company, a.EntityType, a.OccurredAt, a.Id });
        // A card's timeline: its events and its approval request's.
        audit.HasIndex(a => new { a.Company, a.EntityType, a.EntityId, a.Id });
    }
}
