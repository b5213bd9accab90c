using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClaraPortal.Web.Tests.Data;

/// <summary>
/// A portal database from before companies, with rows in it, migrated to the current schema: every row is the owner's,
/// and the audit chain written before still verifies.
/// </summary>
public sealed class CompaniesMigrationTests : IAsyncLifetime
{
    private const string BeforeCompanies = "20261201011603_UnsettledWrites";
    private const string Servicios = "CPS920315KX7";

    private static readonly DateTimeOffset At = new(2026, 11, 30, 18, 0, 0, TimeSpan.Zero);

    private TempPortalDatabase _database = null!;

    private string Checkpoints => Path.Combine(_database.Directory, "audit", "checkpoints.log");

    public async Task InitializeAsync()
    {
        _database = await TempPortalDatabase.CreateAsync();
        // Start over from an empty file, migrated only as far as the last schema without companies.
        await using var db = _database.CreateDbContext(null);
        await db.Database.EnsureDeletedAsync();
        await db.GetService<IMigrator>().MigrateAsync(BeforeCompanies);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Rows_written_before_companies_become_the_owners_and_the_audit_chain_still_verifies()
    {
        await using (var old = _database.CreateDbContext(null))
        {
            Assert.DoesNotContain(await old.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_Companies", StringComparison.Ordinal));
            await InsertOldRowsAsync(old);
        }

        await using (var db = _database.CreateDbContext(null))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());

            // What the portal does next at start: checkpoint the unkeyed head, so keying begins after it.
            var first = await TestAuditChain.CheckpointWriter(db, Checkpoints).WriteIfMovedAsync();
            Assert.Equal((2L, 3L), (first!.EventId, first.KeyedFrom));
        }

        await using (var owner = _database.CreateDbContext(CompanyKeys.Owner))
        {
            var card = await owner.CardPurchases.AsNoTracking().SingleAsync();
            Assert.Equal(("old-key-1", CompanyKeys.Owner, CardPurchaseStatus.Active, 1500.25m, 9_000_001L), (card.IdempotencyKey, card.Company, card.Status, card.Amount, card.ClaraPurchaseId));
            Assert.Equal(("Clara Card Black", CompanyKeys.Owner), await owner.FundingCards.AsNoTracking().Select(f => ValueTuple.Create(f.Alias, f.Company)).SingleAsync());
            var events = await owner.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(["card.issued", "card.updated"], events.Select(e => e.Action));
            Assert.All(events, e => Assert.Equal(CompanyKeys.Owner, e.Company));
            Assert.Equal(new ChainCheck(true, 2, null), await TestAuditChain.VerifyAsync(owner, Checkpoints));
        }

        await using (var servicios = _database.CreateDbContext(Servicios))
        {
            Assert.Empty(await servicios.CardPurchases.ToListAsync());
            Assert.Empty(await servicios.FundingCards.ToListAsync());
            Assert.Empty(await servicios.AuditEvents.ToListAsync());
        }

        // The chain goes on across companies from where the old one ended.
        await using (var servicios = _database.CreateDbContext(Servicios))
        {
            await using var transaction = await servicios.Database.BeginTransactionAsync();
            var next = await TestAuditChain.Trail(TimeProvider.System).AppendAsync(servicios, new AuditActor("dev-admin", "Adrian Admin"), new AuditEntry("company.access.granted", "CompanyGrant", "1"), null);
            await servicios.SaveChangesAsync();
            await transaction.CommitAsync();
            Assert.Equal(3, next.Id);
            Assert.Equal(new ChainCheck(true, 3, null), await TestAuditChain.VerifyAsync(servicios, Checkpoints));
        }
    }

    /// <summary>Rows as the pre-companies schema stored them (raw SQL: today's model cannot write that schema).</summary>
    private static async Task InsertOldRowsAsync(PortalDbContext db)
    {
        var ticks = At.UtcTicks;
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO CardPurchases (Id, IdempotencyKey, Status, FundingCardId, TemplateId, SupplierId, Amount, Currency, ValidFrom, ValidTo,
                CustomFieldsJson, IssuedBy, IssuedByName, CreatedAt, UpdatedAt, ResolveAttempts, ConcurrencyStamp, ClaraPurchaseId, Last4, IssuedAt)
            VALUES ({0}, 'old-key-1', 'Active', 38105000000101, 50631000000101, 47401000000001, 15002500, 'MXN', '2026-11-30', '2026-12-10',
                '[]', 'dev-issuer', 'Isabel Issuer', {1}, {1}, 0, {2}, 9000001, '4242', {1})
            """,
            Guid.NewGuid().ToString().ToUpperInvariant(), ticks, Guid.NewGuid().ToString().ToUpperInvariant());
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO FundingCards (ClaraId, Alias, Last4, Currency, Status, AvailableCredit, LastSyncedAt) VALUES (38105000000101, 'Clara Card Black', '4821', 'MXN', 'ACTIVE', 50000000000, {0})",
            ticks);

        // Two events of the old chain, hashed the way the portal hashed them then.
        string? previous = null;
        foreach (var (id, action) in new[] { (1L, "card.issued"), (2L, "card.updated") })
        {
            var audit = new AuditEvent
            {
                Id = id, OccurredAt = At.AddMinutes(id), ActorId = "dev-issuer", ActorName = "Isabel Issuer", Action = action,
                EntityType = "CardPurchase", EntityId = "old", AfterJson = "{\"amount\":1500.25}", CorrelationId = "corr-" + id, PreviousHash = previous,
            };
            audit.Hash = CompanyScopingTests.PreCompaniesHash(audit);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO AuditEvents (Id, OccurredAt, ActorId, ActorName, Action, EntityType, EntityId, AfterJson, CorrelationId, PreviousHash, Hash) VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10})",
                audit.Id, audit.OccurredAt.UtcTicks, audit.ActorId, audit.ActorName, audit.Action, audit.EntityType, audit.EntityId!, audit.AfterJson, audit.CorrelationId,
                new SqliteParameter("@previous", (object?)audit.PreviousHash ?? DBNull.Value), audit.Hash);
            previous = audit.Hash;
        }
    }
}
