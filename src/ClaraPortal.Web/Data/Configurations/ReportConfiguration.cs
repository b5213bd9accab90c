using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClaraPortal.Web.Data.Configurations;

internal sealed class ReconciliationReportConfiguration : IEntityTypeConfiguration<ReconciliationReport>
{
    public void Configure(EntityTypeBuilder<ReconciliationReport> report)
    {
        report.Property(r => r.Id).ValueGeneratedNever();
        report.Property(r => r.IdempotencyKey).HasMaxLength(80);
        // A scheduled day's key is derived from the day: two instances (or two passes) can never start it twice.
        report.HasIndex(r => r.IdempotencyKey).IsUnique();
        report.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        report.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        report.Property(r => r.RequestedBy).HasMaxLength(200);
        report.Property(r => r.RequestedByName).HasMaxLength(200);
        report.Property(r => r.FailureCode).HasMaxLength(40);
        report.Property(r => r.FailureMessage).HasMaxLength(2000);
        report.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
        // The list (newest first) and the poller's scan of unfinished reports that are due.
        report.HasIndex(r => new { r.Company, r.CreatedAt, r.Id });
        report.HasIndex(r => new { r.Company, r.NextPollAt });
    }
}

internal sealed class ReportTransactionConfiguration : IEntityTypeConfiguration<ReportTransaction>
{
    public void Configure(EntityTypeBuilder<ReportTransaction> row)
    {
        row.HasKey(r => new { r.ReportId, r.RowNumber });
        row.Property(r => r.Type).HasMaxLength(20);
        row.Property(r => r.Currency).HasMaxLength(3);
        row.Property(r => r.MerchantName).HasMaxLength(200);
        row.Property(r => r.Mcc).HasMaxLength(4);
        row.HasIndex(r => new { r.Company, r.ReportId, r.PurchaseId });
    }
}

internal sealed class ReportLineConfiguration : IEntityTypeConfiguration<ReportLine>
{
    public void Configure(EntityTypeBuilder<ReportLine> line)
    {
        line.HasKey(l => new { l.ReportId, l.PurchaseId, l.Currency });
        line.Property(l => l.Currency).HasMaxLength(3);
        line.Property(l => l.Last4).HasMaxLength(4);
        line.Property(l => l.SupplierName).HasMaxLength(200);
        line.Property(l => l.Reference).HasMaxLength(100);
        // The report view's pages: all lines, unmatched only, over limit only; each in purchase order.
        line.HasIndex(l => new { l.Company, l.ReportId, l.PurchaseId });
        line.HasIndex(l => new { l.Company, l.ReportId, l.Matched, l.PurchaseId });
        line.HasIndex(l => new { l.Company, l.ReportId, l.OverLimit, l.PurchaseId });
    }
}

internal sealed class PostedTransactionConfiguration : IEntityTypeConfiguration<PostedTransaction>
{
    public void Configure(EntityTypeBuilder<PostedTransaction> transaction)
    {
        transaction.HasKey(t => new { t.Company, t.TransactionId });
        transaction.Property(t => t.TransactionId).ValueGeneratedNever();
        transaction.Property(t => t.Type).HasMaxLength(20);
        transaction.Property(t => t.Currency).HasMaxLength(3);
        transaction.Property(t => t.MerchantName).HasMaxLength(200);
        // The dashboard's sums: by month over a range of days, by card.
        transaction.HasIndex(t => new { t.Company, t.PostedAt });
        transaction.HasIndex(t => new { t.Company, t.CardPurchaseId });
    }
}

internal sealed class ReportScheduleConfiguration : IEntityTypeConfiguration<ReportSchedule>
{
    public void Configure(EntityTypeBuilder<ReportSchedule> schedule)
    {
        schedule.HasKey(s => s.Company);
        schedule.Property(s => s.DailyKind).HasConversion<string>().HasMaxLength(20);
        schedule.Property(s => s.UpdatedBy).HasMaxLength(200);
    }
}
