using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>A verification in the shape the service tests assert: intact or not, events that held, the first broken event.</summary>
public sealed record ChainCheck(bool IsIntact, long Checked, long? FirstBrokenEventId);

/// <summary>
/// The audit chain as tests use it: one random key for the run (as the portal's is, outside the database), a trail and
/// a verifier over it, and the attacker's first move (dropping the append-only triggers).
/// </summary>
public static class TestAuditChain
{
    public static AuditChainKey Key { get; } = new(AuditChainKey.NewSecret());

    public static AuditTrail Trail(TimeProvider time) => new(time, Key);

    /// <summary>The key for a test's services (what <see cref="AuditTrail"/> and the verifier take).</summary>
    public static IServiceCollection AddTestAuditChainKey(this IServiceCollection services) => services.AddSingleton(Key);

    /// <summary>A verifier over the database <paramref name="db"/> reads, with a checkpoint file at <paramref name="checkpointPath"/> (none by default).</summary>
    public static AuditChainVerifier Verifier(PortalDbContext db, string? checkpointPath = null, int batchSize = 5_000) =>
        Verifier(new PortalDatabase(Options(db)), checkpointPath, batchSize);

    public static AuditChainVerifier Verifier(PortalDatabase database, string? checkpointPath = null, int batchSize = 5_000) =>
        new(database, Key, Checkpoints(checkpointPath), TimeProvider.System) { BatchSize = batchSize };

    public static AuditCheckpointFile Checkpoints(string? path) =>
        new(path ?? Path.Combine(Path.GetTempPath(), "clara-portal-tests", "no-checkpoints", Guid.NewGuid().ToString("N"), "checkpoints.log"), Key);

    /// <summary>The whole chain (every company's events, whatever company <paramref name="db"/> works for), against the checkpoint file if one is named.</summary>
    public static async Task<ChainCheck> VerifyAsync(PortalDbContext db, string? checkpointPath = null)
    {
        var report = await Verifier(db, checkpointPath).VerifyAsync();
        return new ChainCheck(report.IsIntact, report.Checked, report.Break?.EventId);
    }

    /// <summary>The portal's checkpoint writer over the database <paramref name="db"/> reads, writing to <paramref name="checkpointPath"/>.</summary>
    public static AuditCheckpointWriter CheckpointWriter(PortalDbContext db, string checkpointPath, TimeProvider? time = null) =>
        CheckpointWriter(new PortalDatabase(Options(db)), checkpointPath, time);

    public static AuditCheckpointWriter CheckpointWriter(PortalDatabase database, string checkpointPath, TimeProvider? time = null) =>
        new(database, Checkpoints(checkpointPath), Key, time ?? TimeProvider.System, NullLogger<AuditCheckpointWriter>.Instance);

    /// <summary>What someone who can write the database does before editing audit rows: drop the triggers that refuse it.</summary>
    public static async Task DropAppendOnlyTriggersAsync(PortalDbContext db)
    {
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS \"AuditEvents_NoUpdate\"");
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS \"AuditEvents_NoDelete\"");
    }

    private static DbContextOptions<PortalDbContext> Options(PortalDbContext db) =>
        (DbContextOptions<PortalDbContext>)db.GetService<IDbContextOptions>();
}
