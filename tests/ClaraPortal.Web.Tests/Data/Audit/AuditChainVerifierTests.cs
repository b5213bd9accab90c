using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Data.Audit;

/// <summary>
/// The verification against someone who can write the database (but holds neither the chain key nor the checkpoint
/// file): every way of changing the rows shows as the first broken link, with what differs.
/// </summary>
public sealed class AuditChainVerifierTests : IAsyncLifetime
{
    private static readonly AuditActor Actor = new("dev-admin", "Adrian Admin");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private TempPortalDatabase _database = null!;

    private string CheckpointPath => Path.Combine(_database.Directory, "audit", "checkpoints.log");

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_untouched_chain_is_intact_and_progress_counts_every_batch()
    {
        await AppendAsync(10);
        var reports = new List<AuditVerificationProgress>();

        var report = await VerifyAsync(batchSize: 3, progress: new SynchronousProgress(reports));

        Assert.Equal((true, 10L, (AuditChainBreak?)null), (report.IsIntact, report.Checked, report.Break));
        Assert.Equal([(0L, 10L), (3, 10), (6, 10), (9, 10), (10, 10)], reports.Select(p => (p.Checked, p.Total)));
    }

    [Fact]
    public async Task Editing_a_row_shows_as_changed_contents_at_that_event()
    {
        await AppendAsync(10);
        var edited = await EventAsync(5);
        await TamperAsync("UPDATE AuditEvents SET AfterJson = '{\"amount\":1}' WHERE Id = 5");

        var report = await VerifyAsync(batchSize: 3);

        Assert.Equal(new AuditChainBreak(AuditChainBreakKind.ContentChanged, 5, edited.OccurredAt), report.Break);
        Assert.Equal(4, report.Checked);
    }

    [Fact]
    public async Task Deleting_a_row_shows_as_a_missing_event()
    {
        await AppendAsync(10);
        await TamperAsync("DELETE FROM AuditEvents WHERE Id = 5");

        var report = await VerifyAsync(batchSize: 3);

        Assert.Equal(new AuditChainBreak(AuditChainBreakKind.Missing, 5, null), report.Break);
        Assert.Equal(4, report.Checked);
    }

    [Fact]
    public async Task Deleting_the_first_rows_shows_the_first_one_missing()
    {
        await AppendAsync(4);
        await TamperAsync("DELETE FROM AuditEvents WHERE Id <= 2");

        Assert.Equal(new AuditChainBreak(AuditChainBreakKind.Missing, 1, null), (await VerifyAsync()).Break);
    }

    [Fact]
    public async Task Inserting_a_row_in_the_middle_shows_where_it_went_in()
    {
        await AppendAsync(6);
        var before = await EventAsync(3);
        // Without the key the best a forger can do is renumber what follows and link the new row in by plain SHA-256.
        await TamperAsync("UPDATE AuditEvents SET Id = -Id WHERE Id > 3");
        await TamperAsync("UPDATE AuditEvents SET Id = 1 - Id WHERE Id < 0");
        var forged = new AuditEvent
        {
            Id = 4, Company = CompanyKeys.Owner, OccurredAt = before.OccurredAt, ActorId = "dev-admin", ActorName = "Adrian Admin",
            Action = "card.revealed", EntityType = "CardPurchase", EntityId = "x", PreviousHash = before.Hash,
        };
        forged.Hash = AuditTrail.ComputeHash(forged);
        await using (var db = _database.CreateDbContext())
        {
            db.AuditEvents.Add(forged);
            await db.SaveChangesAsync();
        }

        var report = await VerifyAsync();

        Assert.Equal(new AuditChainBreak(AuditChainBreakKind.ContentChanged, 4, forged.OccurredAt), report.Break);
        Assert.Equal(3, report.Checked);
    }

    [Fact]
    public async Task Rewriting_the_whole_chain_without_the_key_shows_at_the_first_event()
    {
        await AppendAsync(5);
        await new AuditCheckpointWriterProbe(this).WriteAsync();
        await TamperAsync("UPDATE AuditEvents SET ActorName = 'Someone Else'");
        // Every hash and link made consistent again, with plain SHA-256 and with a key of the forger's own.
        foreach (var forgerKey in new AuditChainKey?[] { null, new(AuditChainKey.NewSecret()) })
        {
            await RehashAllAsync(forgerKey);

            var report = await VerifyAsync(checkpoints: true);

            Assert.Equal(AuditChainBreakKind.ContentChanged, report.Break?.Kind);
            Assert.Equal(1, report.Break?.EventId);
            Assert.Equal(0, report.Checked);
        }
    }

    [Fact]
    public async Task Cutting_off_the_tail_shows_through_the_checkpoint()
    {
        await AppendAsync(10);
        await new AuditCheckpointWriterProbe(this).WriteAsync();
        await TamperAsync("DELETE FROM AuditEvents WHERE Id > 8");

        var report = await VerifyAsync(checkpoints: true);

        Assert.Equal(new AuditChainBreak(AuditChainBreakKind.Missing, 9, null), report.Break);
        Assert.Equal(8, report.Checked);
        // Without the file the shorter chain is consistent: the reason the checkpoint is kept outside the database.
        Assert.True((await VerifyAsync(checkpoints: false)).IsIntact);
    }

    [Fact]
    public async Task A_checkpoint_line_not_signed_with_the_key_is_reported_as_forged()
    {
        await AppendAsync(3);
        var written = await new AuditCheckpointWriterProbe(this).WriteAsync();
        Assert.True((await VerifyAsync(checkpoints: true)).IsIntact);

        // A line claiming another head, as someone without the key would write it (the MAC of the old line kept).
        var line = (await File.ReadAllLinesAsync(CheckpointPath)).Single();
        await File.AppendAllTextAsync(CheckpointPath, line.Replace("\"eventId\":3", "\"eventId\":2", StringComparison.Ordinal) + "\n");

        var report = await VerifyAsync(checkpoints: true);

        Assert.Equal(AuditChainBreakKind.CheckpointForged, report.Break?.Kind);
        Assert.Equal(2, report.Break?.EventId);
        Assert.Equal(written.At, report.Break?.OccurredAt);
    }

    [Fact]
    public async Task A_checkpoint_signed_with_another_key_is_reported_as_forged()
    {
        await AppendAsync(3);
        await new AuditCheckpointFile(CheckpointPath, new AuditChainKey(AuditChainKey.NewSecret()))
            .AppendAsync(new AuditCheckpoint(3, "00", _time.GetUtcNow(), 1));

        Assert.Equal(AuditChainBreakKind.CheckpointForged, (await VerifyAsync(checkpoints: true)).Break?.Kind);
    }

    [Fact]
    public async Task Unkeyed_events_from_before_keying_followed_by_keyed_ones_verify_intact()
    {
        await InsertUnkeyedAsync(3);
        var first = await new AuditCheckpointWriterProbe(this).WriteAsync();
        Assert.Equal((3L, 4L), (first.EventId, first.KeyedFrom));
        await AppendAsync(3);

        var report = await VerifyAsync(checkpoints: true, batchSize: 2);

        Assert.Equal((true, 6L), (report.IsIntact, report.Checked));
        Assert.Equal(AuditTrail.ComputeHash(await EventAsync(3)), (await EventAsync(3)).Hash);
        Assert.Equal(AuditTrail.ComputeKeyedHash(await EventAsync(4), TestAuditChain.Key), (await EventAsync(4)).Hash);
    }

    [Fact]
    public async Task Keyed_events_appended_before_the_first_checkpoint_still_start_keying_after_the_last_unkeyed_one()
    {
        // An old data folder, then a writer that ran before the portal's start checkpoint (the seed-demo command did).
        await InsertUnkeyedAsync(3);
        await AppendAsync(4);

        var first = await new AuditCheckpointWriterProbe(this).WriteAsync();
        var report = await VerifyAsync(checkpoints: true, batchSize: 2);

        Assert.Equal((7L, 4L), (first.EventId, first.KeyedFrom));
        Assert.Equal((true, 7L), (report.IsIntact, report.Checked));
    }

    [Fact]
    public async Task Rewriting_the_unkeyed_events_consistently_still_shows_at_the_checkpointed_head()
    {
        await InsertUnkeyedAsync(3);
        await new AuditCheckpointWriterProbe(this).WriteAsync();
        await AppendAsync(2);
        await TamperAsync("UPDATE AuditEvents SET ActorName = 'Someone Else' WHERE Id = 2");
        await RehashAsync(2, 3);

        var report = await VerifyAsync(checkpoints: true);

        Assert.Equal(AuditChainBreakKind.CheckpointMismatch, report.Break?.Kind);
        Assert.Equal(3, report.Break?.EventId);
    }

    [Fact]
    public async Task An_unkeyed_event_rehashed_alone_breaks_the_link_of_the_next()
    {
        await InsertUnkeyedAsync(3);
        await new AuditCheckpointWriterProbe(this).WriteAsync();
        await TamperAsync("UPDATE AuditEvents SET ActorName = 'Someone Else' WHERE Id = 2");
        await RehashAsync(2, 2);

        var report = await VerifyAsync(checkpoints: true);

        Assert.Equal(new AuditChainBreak(AuditChainBreakKind.LinkBroken, 3, (await EventAsync(3)).OccurredAt), report.Break);
    }

    [Fact]
    public async Task Events_after_the_last_checkpoint_verify_and_the_checkpoint_is_written_only_when_the_head_moved()
    {
        await AppendAsync(2);
        var writer = TestAuditChain.CheckpointWriter(_database.Portal, CheckpointPath, _time);
        Assert.NotNull(await writer.WriteIfMovedAsync());
        Assert.Null(await writer.WriteIfMovedAsync());
        await AppendAsync(2);
        var moved = await writer.WriteIfMovedAsync();

        Assert.Equal((4L, 1L), (moved!.EventId, moved.KeyedFrom));
        Assert.Equal(2, (await File.ReadAllLinesAsync(CheckpointPath)).Length);
        Assert.True((await VerifyAsync(checkpoints: true)).IsIntact);
    }

    [Fact]
    public async Task An_empty_chain_is_checkpointed_once_and_then_left_alone_until_an_event_comes()
    {
        var log = new TestLog();
        var writer = new AuditCheckpointWriter(_database.Portal, TestAuditChain.Checkpoints(CheckpointPath), TestAuditChain.Key, _time, log.For<AuditCheckpointWriter>());

        Assert.Equal((0L, (string?)null, 1L), await writer.WriteIfMovedAsync() is { } first ? (first.EventId, first.Hash, first.KeyedFrom) : default);
        Assert.Null(await writer.WriteIfMovedAsync());
        await AppendAsync(1);
        Assert.Equal(1, (await writer.WriteIfMovedAsync())?.EventId);

        Assert.DoesNotContain(log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.True((await VerifyAsync(checkpoints: true)).IsIntact);
    }

    [Fact]
    public async Task A_head_that_went_back_is_not_checkpointed()
    {
        await AppendAsync(4);
        var writer = TestAuditChain.CheckpointWriter(_database.Portal, CheckpointPath, _time);
        await writer.WriteIfMovedAsync();
        await TamperAsync("DELETE FROM AuditEvents WHERE Id = 4");

        Assert.Null(await writer.WriteIfMovedAsync());
        Assert.Single(await File.ReadAllLinesAsync(CheckpointPath));
    }

    [Fact]
    public async Task The_triggers_refuse_to_update_or_delete_an_audit_event()
    {
        await AppendAsync(2);
        await using var db = _database.CreateDbContext();

        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE AuditEvents SET ActorName = 'x' WHERE Id = 1"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEvents"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal(["x.1", "x.2"], await db.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        // Through EF too: a tracked audit row that is changed does not save.
        var tracked = await db.AuditEvents.FirstAsync();
        tracked.ActorName = "x";
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        // Appending still works.
        await AppendAsync(1);
        Assert.True((await VerifyAsync()).IsIntact);
    }

    private async Task AppendAsync(int count)
    {
        var trail = TestAuditChain.Trail(_time);
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await using var db = _database.CreateDbContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var next = await db.AuditEvents.IgnoreQueryFilters().CountAsync() + 1;
            await trail.AppendAsync(db, Actor, new AuditEntry($"x.{next}", "Test", next.ToString(System.Globalization.CultureInfo.InvariantCulture), After: new { Amount = next }), "corr");
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }

    /// <summary>Events as the portal wrote them before the chain was keyed (plain SHA-256).</summary>
    private async Task InsertUnkeyedAsync(int count)
    {
        await using var db = _database.CreateDbContext();
        string? previous = null;
        for (var id = 1; id <= count; id++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            var audit = new AuditEvent
            {
                Id = id, Company = CompanyKeys.Owner, OccurredAt = _time.GetUtcNow(), ActorId = "dev-issuer", ActorName = "Isabel Issuer",
                Action = "card.issued", EntityType = "CardPurchase", EntityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture), PreviousHash = previous,
            };
            audit.Hash = AuditTrail.ComputeHash(audit);
            previous = audit.Hash;
            db.AuditEvents.Add(audit);
        }

        await db.SaveChangesAsync();
    }

    private async Task<AuditEvent> EventAsync(long id)
    {
        await using var db = _database.CreateDbContext();
        return await db.AuditEvents.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id);
    }

    /// <summary>Raw SQL as someone with the database runs it, after dropping the triggers that would refuse it.</summary>
    private async Task TamperAsync(string sql)
    {
        await using var db = _database.CreateDbContext();
        await TestAuditChain.DropAppendOnlyTriggersAsync(db);
        await db.Database.ExecuteSqlRawAsync(sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
    }

    /// <summary>Recomputes every hash and link from the first event on, with plain SHA-256 or a key that is not the portal's.</summary>
    private async Task RehashAllAsync(AuditChainKey? forgerKey)
    {
        await using var db = _database.CreateDbContext();
        await TestAuditChain.DropAppendOnlyTriggersAsync(db);
        string? previous = null;
        foreach (var audit in await db.AuditEvents.IgnoreQueryFilters().OrderBy(a => a.Id).ToListAsync())
        {
            audit.PreviousHash = previous;
            audit.Hash = forgerKey is null ? AuditTrail.ComputeHash(audit) : AuditTrail.ComputeKeyedHash(audit, forgerKey);
            previous = audit.Hash;
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Recomputes the plain SHA-256 chain of events <paramref name="from"/> to <paramref name="to"/> (the unkeyed part).</summary>
    private async Task RehashAsync(long from, long to)
    {
        await using var db = _database.CreateDbContext();
        await TestAuditChain.DropAppendOnlyTriggersAsync(db);
        var previous = (await db.AuditEvents.SingleAsync(a => a.Id == from - 1)).Hash;
        foreach (var audit in await db.AuditEvents.Where(a => a.Id >= from && a.Id <= to).OrderBy(a => a.Id).ToListAsync())
        {
            audit.PreviousHash = previous;
            audit.Hash = AuditTrail.ComputeHash(audit);
            previous = audit.Hash;
        }

        await db.SaveChangesAsync();
    }

    private async Task<AuditChainReport> VerifyAsync(bool checkpoints = false, int batchSize = 5_000, IProgress<AuditVerificationProgress>? progress = null)
    {
        return await TestAuditChain.Verifier(_database.Portal, checkpoints ? CheckpointPath : null, batchSize).VerifyAsync(progress);
    }

    /// <summary>The portal's checkpoint writer over this test's database and file.</summary>
    private sealed class AuditCheckpointWriterProbe(AuditChainVerifierTests test)
    {
        public async Task<AuditCheckpoint> WriteAsync()
        {
            return await TestAuditChain.CheckpointWriter(test._database.Portal, test.CheckpointPath, test._time).WriteIfMovedAsync()
                ?? throw new InvalidOperationException("The head did not move.");
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this records each report in order, as it is made.</summary>
    private sealed class SynchronousProgress(List<AuditVerificationProgress> reports) : IProgress<AuditVerificationProgress>
    {
        public void Report(AuditVerificationProgress value) => reports.Add(value);
    }
}
