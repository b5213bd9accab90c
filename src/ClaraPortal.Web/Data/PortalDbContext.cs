using ClaraPortal.Web.Data.Conversions;
using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Data;

/// <summary>The portal's own database: users, the catalog cache, card purchases, approvals, audit.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options)
{
    public DbSet<PortalUser> Users => Set<PortalUser>();

    public DbSet<FundingCard> FundingCards => Set<FundingCard>();

    public DbSet<CardTemplate> CardTemplates => Set<CardTemplate>();

    public DbSet<Supplier> Suppliers => Set<Supplier>();

    public DbSet<CatalogSyncRun> CatalogSyncRuns => Set<CatalogSyncRun>();

    public DbSet<CardPurchase> CardPurchases => Set<CardPurchase>();

    public DbSet<ApprovalRequest> ApprovalRequests => Set<ApprovalRequest>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly, t => t.Namespace == typeof(Configurations.PortalUserConfiguration).Namespace);

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
        RenewConcurrencyStamps();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RenewConcurrencyStamps();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void RenewConcurrencyStamps()
    {
        // The UPDATE's WHERE clause still compares the stamp read earlier, so a concurrent writer that
        // got there first makes this save fail with DbUpdateConcurrencyException.
        foreach (var entry in ChangeTracker.Entries<IConcurrencyStamped>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.ConcurrencyStamp = Guid.NewGuid();
        }
    }
}
