using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Data.Audit;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly AuditActor Actor = new("dev-issuer", "Isabel Issuer");
    private readonly AuditTrail _trail = TestAuditChain.Trail(new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.Zero)));
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Events_link_into_a_chain_that_verifies()
    {
        for (var i = 0; i < 3; i++)
        {
            await AppendAsync($"thing.{i}");
        }

        await using var db = _database.CreateDbContext();
        var events = await db.AuditEvents.OrderBy(a => a.Id).ToListAsync();
        Assert.Null(events[0].PreviousHash);
        Assert.Equal(events[0].Hash, events[1].PreviousHash);
        Assert.Equal(events[1].Hash, events[2].PreviousHash);
        Assert.All(events, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
        Assert.Equal(new ChainCheck(true, 3, null), await TestAuditChain.VerifyAsync(db));
    }

    [Fact]
    public async Task Several_events_in_one_save_keep_their_order()
    {
        await using (var db = _database.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < 5; i++)
            {
                await _trail.AppendAsync(db, Actor, new AuditEntry($"batch.{i}", "Test", i.ToString()), "c");
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await using var check = _database.CreateDbContext();
        Assert.Equal(["batch.0", "batch.1", "batch.2", "batch.3", "batch.4"], await check.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.True((await TestAuditChain.VerifyAsync(check)).IsIntact);
    }

    [Fact]
    public async Task An_event_is_hashed_with_the_chain_key_not_plain_sha256()
    {
        await AppendAsync("keyed");

        await using var db = _database.CreateDbContext();
        var audit = await db.AuditEvents.SingleAsync();
        Assert.Equal(AuditTrail.ComputeKeyedHash(audit, TestAuditChain.Key), audit.Hash);
        Assert.NotEqual(AuditTrail.ComputeHash(audit), audit.Hash);
        Assert.NotEqual(AuditTrail.ComputeKeyedHash(audit, new AuditChainKey(AuditChainKey.NewSecret())), audit.Hash);
    }

    [Fact]
    public async Task An_events_time_is_kept_to_the_microsecond_so_every_provider_hashes_it_alike()
    {
        var trail = TestAuditChain.Trail(new FakeTimeProvider(new DateTimeOffset(638_999_999_999_999_999, TimeSpan.Zero)));
        await using var db = _database.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();

        var audit = await trail.AppendAsync(db, Actor, new AuditEntry("x", "Test", null), null);

        Assert.Equal(638_999_999_999_999_990, audit.OccurredAt.UtcTicks);
    }

    [Fact]
    public async Task An_event_is_appended_only_inside_a_transaction()
    {
        await using var db = _database.CreateDbContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _trail.AppendAsync(db, Actor, new AuditEntry("x", "Test", null), null));
    }

    [Fact]
    public async Task A_failed_save_keeps_neither_the_change_nor_its_event()
    {
        await AppendAsync("before");
        await using (var db = _database.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.CardPurchases.Add(Purchase("same-key"));
            db.CardPurchases.Add(Purchase("same-key"));
            await _trail.AppendAsync(db, Actor, new AuditEntry("card.issue.requested", "CardPurchase", "x"), "c");
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = _database.CreateDbContext();
        Assert.Empty(await check.CardPurchases.ToListAsync());
        Assert.Equal(["before"], await check.AuditEvents.Select(a => a.Action).ToListAsync());
        await AppendAsync("after");
        Assert.True((await TestAuditChain.VerifyAsync(check)).IsIntact);
    }

    [Fact]
    public async Task Writers_in_parallel_still_make_one_unbroken_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => AppendAsync($"parallel.{i}"))));

        await using var db = _database.CreateDbContext();
        Assert.Equal(new ChainCheck(true, 12, null), await TestAuditChain.VerifyAsync(db));
        Assert.Equal(12, await db.AuditEvents.Select(a => a.PreviousHash).Distinct().CountAsync());
    }

    private async Task AppendAsync(string action, object? after = null)
    {
        await using var db = _database.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await _trail.AppendAsync(db, Actor, new AuditEntry(action, "Test", "1", After: after), AuditTrail.NewCorrelationId());
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static CardPurchase Purchase(string key) => new()
    {
        Id = Guid.NewGuid(),
        IdempotencyKey = key,
        Currency = "MXN",
        IssuedBy = "dev-issuer",
        IssuedByName = "Isabel Issuer",
    };
}
