using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Data.Audit;

/// <summary>
/// Walks the whole chain (every company's events: one chain) in id order and checks each event against the one before
/// it, its own contents, and the checkpoint file. Reads in keyset batches without tracking, so memory stays flat
/// however many millions of events there are.
/// </summary>
/// <remarks>
/// Events below the checkpoint file's <see cref="AuditCheckpoint.KeyedFrom"/> were hashed before the chain was keyed and
/// verify with plain SHA-256; they are anchored by the first keyed event, whose HMAC covers their last hash, and by the
/// checkpoint written when keying began. With no checkpoint file every event must be keyed.
/// </remarks>
public sealed class AuditChainVerifier(PortalDatabase database, AuditChainKey key, AuditCheckpointFile checkpoints, TimeProvider time)
{
    /// <summary>Events read per query: large enough to keep round trips few, small enough to keep memory flat.</summary>
    public int BatchSize { get; init; } = 5_000;

    public async Task<AuditChainReport> VerifyAsync(IProgress<AuditVerificationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        // The file is read before the chain's extent, so every checkpoint read names an event that existed by then.
        var lines = await checkpoints.ReadAsync(cancellationToken);
        var forged = FirstForged(lines);
        if (forged is not null)
        {
            return Report(0, forged);
        }

        var recorded = lines.Select(l => l.Checkpoint!).Where(c => c.EventId > 0).ToLookup(c => c.EventId);
        var keyedFrom = lines.Count == 0 ? 1 : lines[0].Checkpoint!.KeyedFrom;

        await using var db = database.WithoutCompany();
        var events = db.AuditEvents.IgnoreQueryFilters().AsNoTracking();
        var lastId = await events.MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
        var total = await events.LongCountAsync(a => a.Id <= lastId, cancellationToken);
        progress?.Report(new AuditVerificationProgress(0, total));

        long previousId = 0;
        string? previousHash = null;
        long verified = 0;
        while (previousId < lastId)
        {
            var after = previousId;
            var batch = await events.Where(a => a.Id > after && a.Id <= lastId).OrderBy(a => a.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var audit in batch)
            {
                var broken = Check(audit, previousId, previousHash, keyedFrom, recorded);
                if (broken is not null)
                {
                    return Report(verified, broken);
                }

                previousId = audit.Id;
                previousHash = audit.Hash;
                verified++;
            }

            progress?.Report(new AuditVerificationProgress(verified, total));
        }

        // A checkpoint beyond the last event: the tail was cut off, from the event after the last one left.
        var cut = lines.Any(l => l.Checkpoint!.EventId > previousId);
        return Report(verified, cut ? new AuditChainBreak(AuditChainBreakKind.Missing, previousId + 1, null) : null);
    }

    private AuditChainBreak? Check(AuditEvent audit, long previousId, string? previousHash, long keyedFrom, ILookup<long, AuditCheckpoint> recorded)
    {
        if (audit.Id != previousId + 1)
        {
            return new AuditChainBreak(AuditChainBreakKind.Missing, previousId + 1, null);
        }

        var expected = audit.Id < keyedFrom ? AuditTrail.ComputeHash(audit) : AuditTrail.ComputeKeyedHash(audit, key);
        if (!string.Equals(expected, audit.Hash, StringComparison.Ordinal))
        {
            return new AuditChainBreak(AuditChainBreakKind.ContentChanged, audit.Id, audit.OccurredAt);
        }

        if (!string.Equals(previousHash, audit.PreviousHash, StringComparison.Ordinal))
        {
            return new AuditChainBreak(AuditChainBreakKind.LinkBroken, audit.Id, audit.OccurredAt);
        }

        return recorded[audit.Id].Any(c => !string.Equals(c.Hash, audit.Hash, StringComparison.Ordinal))
            ? new AuditChainBreak(AuditChainBreakKind.CheckpointMismatch, audit.Id, audit.OccurredAt)
            : null;
    }

    /// <summary>A line not signed with the key, or one that disagrees with the first about where keying began.</summary>
    private static AuditChainBreak? FirstForged(IReadOnlyList<AuditCheckpointLine> lines)
    {
        var keyedFrom = lines.Count == 0 ? null : lines[0].Checkpoint?.KeyedFrom;
        var forged = lines.FirstOrDefault(l => !l.Authentic || l.Checkpoint!.KeyedFrom != keyedFrom);
        return forged is null ? null : new AuditChainBreak(AuditChainBreakKind.CheckpointForged, forged.Checkpoint?.EventId ?? 0, forged.Checkpoint?.At);
    }

    private AuditChainReport Report(long verified, AuditChainBreak? broken) => new(verified, broken, time.GetUtcNow());
}
