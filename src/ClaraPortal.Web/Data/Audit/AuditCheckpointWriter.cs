using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Data.Audit;

/// <summary>Writes the chain's head to the checkpoint file when it has moved on since the last line.</summary>
public sealed partial class AuditCheckpointWriter(
    PortalDatabase database, AuditCheckpointFile file, AuditChainKey key, TimeProvider time, ILogger<AuditCheckpointWriter> logger)
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private AuditCheckpoint? _last;
    private bool _loaded;

    /// <summary>The checkpoint written, or null when the head has not moved (or moved back, which is logged as an error).</summary>
    public async Task<AuditCheckpoint?> WriteIfMovedAsync(CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded)
            {
                _last = (await file.ReadAsync(cancellationToken)).LastOrDefault(l => l.Authentic)?.Checkpoint;
                _loaded = true;
            }

            var head = await HeadAsync(cancellationToken);
            var (headId, headHash) = (head?.Id ?? 0, head?.Hash);
            long keyedFrom;
            if (_last is null)
            {
                keyedFrom = await KeyedFromForFirstCheckpointAsync(head, cancellationToken);
            }
            else if (headId == _last.EventId && headHash == _last.Hash)
            {
                return null;
            }
            else if (headId <= _last.EventId)
            {
                // Never record a shorter or different chain as if it were the truth: the verification reports it.
                LogHeadWentBack(logger, _last.EventId, headId);
                return null;
            }
            else
            {
                keyedFrom = _last.KeyedFrom;
            }

            var checkpoint = new AuditCheckpoint(headId, headHash, time.GetUtcNow(), keyedFrom);
            await file.AppendAsync(checkpoint, cancellationToken);
            _last = checkpoint;
            LogWritten(logger, checkpoint.EventId, checkpoint.KeyedFrom);
            return checkpoint;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// The first line says where keying begins: after the last event hashed without a key. Events keyed since then may
    /// already follow it (something appended before the first checkpoint, e.g. the seed-demo command on an old data
    /// folder), so the keyed run is walked back from the head; nobody without the key can make an event pass as keyed. A
    /// head that is neither means the file is gone from under a keyed chain: every event must then verify with the key,
    /// and the verification says where that fails.
    /// </summary>
    private async Task<long> KeyedFromForFirstCheckpointAsync(AuditEvent? head, CancellationToken cancellationToken)
    {
        if (head is null)
        {
            return 1;
        }

        const int Batch = 2_000;
        await using var db = database.WithoutCompany();
        var before = head.Id + 1;
        while (true)
        {
            var events = await db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
                .Where(a => a.Id < before).OrderByDescending(a => a.Id).Take(Batch).ToListAsync(cancellationToken);
            foreach (var audit in events)
            {
                if (string.Equals(AuditTrail.ComputeKeyedHash(audit, key), audit.Hash, StringComparison.Ordinal))
                {
                    continue;
                }

                if (string.Equals(AuditTrail.ComputeHash(audit), audit.Hash, StringComparison.Ordinal))
                {
                    LogKeyingBegins(logger, audit.Id + 1);
                    return audit.Id + 1;
                }

                // Neither: the file is gone from under a keyed chain, or an event was tampered with. Keyed from the start;
                // the verification says where it fails.
                LogCheckpointsMissing(logger, head.Id, file.Path);
                return 1;
            }

            if (events.Count < Batch)
            {
                return 1; // keyed from the first event: a database that never held an unkeyed one
            }

            before = events[^1].Id;
        }
    }

    private async Task<AuditEvent?> HeadAsync(CancellationToken cancellationToken)
    {
        await using var db = database.WithoutCompany();
        return await db.AuditEvents.IgnoreQueryFilters().AsNoTracking().OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit checkpoint written: head event {EventId}, keyed from {KeyedFrom}")]
    private static partial void LogWritten(ILogger logger, long eventId, long keyedFrom);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit chain keyed from event {KeyedFrom}; the events before it keep their unkeyed hashes")]
    private static partial void LogKeyingBegins(ILogger logger, long keyedFrom);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No audit checkpoint file at {Path} although the chain holds {HeadId} keyed events; starting a new one, every event must verify with the key")]
    private static partial void LogCheckpointsMissing(ILogger logger, long headId, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit chain's head went back from event {CheckpointedId} to {HeadId}: events were removed or rewritten; not checkpointed")]
    private static partial void LogHeadWentBack(ILogger logger, long checkpointedId, long headId);
}
