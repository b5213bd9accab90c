using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Tests.Data;

public sealed class PortalDatabaseTests : IAsyncLifetime
{
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrations_apply_to_a_new_file_and_match_the_model()
    {
        await using var db = _database.CreateDbContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
        // A model change without its migration would make the schema drift from the code.
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.True(File.Exists(_database.FilePath));
    }

    [Fact]
    public async Task Connections_run_in_write_ahead_logging_mode()
    {
        await using var db = _database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Schema_has_no_column_for_a_card_number_or_cvv()
    {
        await using var db = _database.CreateDbContext();
        var columns = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Select(p => p.GetColumnName()).ToList();

        // By word, not by letters: "Company" holds "pan" and is no card number.
        Assert.DoesNotContain(columns, c => Words(c) is var words
            && (words.Contains("PAN") || words.Contains("CVV") || words.Contains("CVC") || string.Join("", words).Contains("CARDNUMBER", StringComparison.Ordinal)));
        Assert.Contains(columns, c => Words(c).SequenceEqual(["COMPANY"]));
    }

    private static string[] Words(string column) =>
        System.Text.RegularExpressions.Regex.Split(column, "(?<=[a-z0-9])(?=[A-Z])|_").Select(w => w.ToUpperInvariant()).ToArray();

    [Theory]
    [InlineData("Pan", true)]
    [InlineData("CardPan", true)]
    [InlineData("Cvv", true)]
    [InlineData("CardNumber", true)]
    [InlineData("Company", false)]
    [InlineData("Last4", false)]
    public void The_column_check_tells_card_data_by_word(string column, bool isCardData)
    {
        var words = Words(column);
        Assert.Equal(isCardData, words.Contains("PAN") || words.Contains("CVV") || string.Join("", words).Contains("CARDNUMBER", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Idempotency_keys_are_unique()
    {
        await using (var db = _database.CreateDbContext())
        {
            db.CardPurchases.Add(NewPurchase("key-1", 10m));
            await db.SaveChangesAsync();
        }

        await using var again = _database.CreateDbContext();
        again.CardPurchases.Add(NewPurchase("key-1", 20m));
        await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync());
    }

    [Fact]
    public async Task A_stale_update_of_a_card_purchase_is_refused()
    {
        var purchase = NewPurchase("key-concurrency", 100m);
        await using (var db = _database.CreateDbContext())
        {
            db.CardPurchases.Add(purchase);
            await db.SaveChangesAsync();
        }

        await using var first = _database.CreateDbContext();
        await using var second = _database.CreateDbContext();
        var a = await first.CardPurchases.SingleAsync(p => p.Id == purchase.Id);
        var b = await second.CardPurchases.SingleAsync(p => p.Id == purchase.Id);
        a.Status = CardPurchaseStatus.Cancelled;
        await first.SaveChangesAsync();
        b.Status = CardPurchaseStatus.Active;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [Fact]
    public async Task Timestamps_round_trip_and_sort_in_sql()
    {
        var t0 = new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero).AddTicks(1234567);
        await using (var db = _database.CreateDbContext())
        {
            foreach (var (offset, action) in new[] { (2, "second"), (0, "first"), (5, "third") })
            {
                db.AuditEvents.Add(new AuditEvent
                {
                    OccurredAt = t0.AddMinutes(offset), ActorId = "dev-admin", ActorName = "Adrian Admin",
                    Action = action, EntityType = "Test",
                });
            }

            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateDbContext();
        var events = await read.AuditEvents.Where(e => e.OccurredAt >= t0).OrderBy(e => e.OccurredAt).ToListAsync();
        Assert.Equal(["first", "second", "third"], events.Select(e => e.Action));
        Assert.Equal(t0, events[0].OccurredAt);
    }

    internal static CardPurchase NewPurchase(string key, decimal amount) => new()
    {
        Id = Guid.NewGuid(),
        IdempotencyKey = key,
        Status = CardPurchaseStatus.Requested,
        FundingCardId = 38105,
        TemplateId = 50631,
        SupplierId = 47401,
        Amount = amount,
        Currency = "MXN",
        ValidFrom = new DateOnly(2026, 11, 24),
        ValidTo = new DateOnly(2026, 12, 24),
        IssuedBy = "dev-issuer",
        IssuedByName = "Isabel Issuer",
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };
}
