using System.Linq.Expressions;
using ClaraPortal.Web.Data.Conversions;
using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Data;

/// <summary>
/// The portal's own database: users, the catalog cache, card purchases, approvals, audit. A context works for one
/// company (<see cref="CompanyKey"/>): every query of a company-owned row is filtered to it and every new one is
/// stamped with it, here and nowhere else. A context for no company (null) sees no company-owned rows at all; it serves
/// users, grants and migrations.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options, string? company) : DbContext(options)
{
    /// <summary>The company this context reads and writes (a subsidiary's RFC, empty for the owner); null for none.</summary>
    public string? CompanyKey { get; } = company;

    public DbSet<PortalUser> Users => Set<PortalUser>();

    public DbSet<CompanyGrant> CompanyGrants => Set<CompanyGrant>();

    public DbSet<FundingCard> FundingCards => Set<FundingCard>();

    public DbSet<CardTemplate> CardTemplates => Set<CardTemplate>();

    public DbSet<Supplier> Suppliers => Set<Supplier>();

    public DbSet<CatalogSyncRun> CatalogSyncRuns => Set<CatalogSyncRun>();

    public DbSet<CardPurchase> CardPurchases => Set<CardPurchase>();

    public DbSet<ApprovalRequest> ApprovalRequests => Set<ApprovalRequest>();

    public DbSet<ApprovalDecision> ApprovalDecisions => Set<ApprovalDecision>();

    public DbSet<ApprovalBand> ApprovalBands => Set<ApprovalBand>();

    public DbSet<IssuerAuthority> IssuerAuthorities => Set<IssuerAuthority>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<ReconciliationReport> Reports => Set<ReconciliationReport>();

    public DbSet<ReportTransaction> ReportTransactions => Set<ReportTransaction>();

    public DbSet<ReportLine> ReportLines => Set<ReportLine>();

    public DbSet<PostedTransaction> PostedTransactions => Set<PostedTransaction>();

    public DbSet<ReportSchedule> ReportSchedules => Set<ReportSchedule>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly, t => t.Namespace == typeof(Configurations.PortalUserConfiguration).Namespace);
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(ICompanyOwned).IsAssignableFrom(e.ClrType)))
        {
            // A new row takes the context's company as soon as it is tracked (it is part of the catalog's keys).
            modelBuilder.Entity(entity.ClrType).Property(nameof(ICompanyOwned.Company)).HasMaxLength(13)
                .ValueGeneratedOnAdd().HasValueGenerator((_, _) => new CompanyKeyGenerator());
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(CompanyFilter(entity.ClrType));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // The model keeps decimal and DateTimeOffset; only SQLite needs them stored as integers
        // (see the converters for why). Another provider would map them natively.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<decimal>().HaveConversion<ScaledDecimalConverter>();
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>e => e.Company == this.CompanyKey; EF reads CompanyKey from the context that runs the query.</summary>
    private LambdaExpression CompanyFilter(Type type)
    {
        var row = Expression.Parameter(type, "row");
        var company = Expression.Property(row, nameof(ICompanyOwned.Company));
        var mine = Expression.Property(Expression.Constant(this), nameof(CompanyKey));
        return Expression.Lambda(Expression.Equal(company, mine), row);
    }

    private void PrepareSave()
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries<ICompanyOwned>())
        {
            GuardCompany(entry);
        }

        // The UPDATE's WHERE clause still compares the stamp read earlier, so a concurrent writer that
        // got there first makes this save fail with DbUpdateConcurrencyException.
        foreach (var entry in ChangeTracker.Entries<IConcurrencyStamped>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.ConcurrencyStamp = Guid.NewGuid();
        }
    }

    private void GuardCompany(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<ICompanyOwned> entry)
    {
        switch (entry.State)
        {
            case EntityState.Added when entry.Entity.Company is null:
                entry.Entity.Company = CompanyKey ?? throw new CrossCompanyWriteException(entry.Metadata.ClrType.Name, null, CompanyKey);
                break;
            case EntityState.Added when entry.Entity.Company != CompanyKey:
                throw new CrossCompanyWriteException(entry.Metadata.ClrType.Name, entry.Entity.Company, CompanyKey);
            case EntityState.Modified or EntityState.Deleted when entry.Property(e => e.Company).OriginalValue != CompanyKey || entry.Entity.Company != CompanyKey:
                throw new CrossCompanyWriteException(entry.Metadata.ClrType.Name, entry.Entity.Company, CompanyKey);
        }
    }
}

/// <summary>Fills a new row's company from the context that adds it; a context of no company cannot add one.</summary>
internal sealed class CompanyKeyGenerator : Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator<string>
{
    public override bool GeneratesTemporaryValues => false;

    public override string Next(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        ((PortalDbContext)entry.Context).CompanyKey ?? throw new CrossCompanyWriteException(entry.Metadata.ClrType.Name, null, null);
}

/// <summary>A write of one company's row through a context of another (or of none): a bug, never saved.</summary>
public sealed class CrossCompanyWriteException(string entity, string? rowCompany, string? contextCompany)
    : InvalidOperationException($"A {entity} of company '{rowCompany ?? "(none)"}' cannot be written through a context of company '{contextCompany ?? "(none)"}'.");
