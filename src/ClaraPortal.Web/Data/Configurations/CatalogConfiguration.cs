using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClaraPortal.Web.Data.Configurations;

internal sealed class FundingCardConfiguration : IEntityTypeConfiguration<FundingCard>
{
    public void Configure(EntityTypeBuilder<FundingCard> card)
    {
        // Clara ids are unique within a company; the company leads every key and index.
        card.HasKey(c => new { c.Company, c.ClaraId });
        card.Property(c => c.ClaraId).ValueGeneratedNever();
        card.Property(c => c.Alias).HasMaxLength(200);
        card.Property(c => c.Last4).HasMaxLength(4);
        card.Property(c => c.Currency).HasMaxLength(3);
        card.Property(c => c.Status).HasMaxLength(40);
    }
}

internal sealed class CardTemplateConfiguration : IEntityTypeConfiguration<CardTemplate>
{
    public void Configure(EntityTypeBuilder<CardTemplate> template)
    {
        // Clara ids are unique within a company; the company leads every key and index.
        template.HasKey(t => new { t.Company, t.ClaraId });
        template.Property(t => t.ClaraId).ValueGeneratedNever();
        template.Property(t => t.Name).HasMaxLength(200);
        template.Property(t => t.Description).HasMaxLength(1000);
        template.Property(t => t.Type).HasMaxLength(40);
        template.Property(t => t.Currency).HasMaxLength(3);
        template.Property(t => t.Usage).HasMaxLength(40);
        template.HasIndex(t => new { t.Company, t.Name });
    }
}

internal sealed class SupplierConfiguration : IEntityTypeConfiguration<Supplier>
{
    public void Configure(EntityTypeBuilder<Supplier> supplier)
    {
        // Clara ids are unique within a company; the company leads every key and index.
        supplier.HasKey(s => new { s.Company, s.ClaraId });
        supplier.Property(s => s.ClaraId).ValueGeneratedNever();
        supplier.Property(s => s.Name).HasMaxLength(300);
        supplier.Property(s => s.TaxId).HasMaxLength(40);
        supplier.Property(s => s.Mcc).HasMaxLength(8);
        supplier.Property(s => s.Country).HasMaxLength(3);
        supplier.Property(s => s.SearchText).HasMaxLength(400);
        supplier.HasIndex(s => new { s.Company, s.Name });
        supplier.HasIndex(s => new { s.Company, s.TaxId });
        supplier.HasIndex(s => new { s.Company, s.Mcc });
        supplier.HasIndex(s => new { s.Company, s.SearchText });
    }
}

internal sealed class CatalogSyncRunConfiguration : IEntityTypeConfiguration<CatalogSyncRun>
{
    public void Configure(EntityTypeBuilder<CatalogSyncRun> run)
    {
        run.Property(r => r.Scope).HasMaxLength(20);
        run.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        run.Property(r => r.Message).HasMaxLength(2000);
        run.Property(r => r.RequestedBy).HasMaxLength(200);
        run.HasIndex(r => new { r.Company, r.StartedAt });
    }
}
