using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Data.Audit;

/// <summary>Who did something: a signed-in user's subject and display name, or a named system job.</summary>
public sealed record AuditActor(string Id, string Name)
{
    public static AuditActor From(CurrentUserInfo user) => new(user.Subject, user.DisplayName);
}

/// <summary>
/// One event to append. <see cref="Before"/> and <see cref="After"/> are serialized to JSON as given:
/// pass small snapshot records, never anything that holds a card number or CVV.
/// </summary>
public sealed record AuditEntry(string Action, string EntityType, string? EntityId, object? Before = null, object? After = null);

/// <summary>
/// Appends <see cref="AuditEvent"/>s to a context, linked by a chain of HMAC-SHA256s keyed with a secret kept outside the
/// database (<see cref="AuditChainKey"/>), inside the caller's transaction so the event and the state change commit or
/// fail together. Events written before the chain was keyed keep their plain SHA-256 (<see cref="ComputeHash"/>); the
/// first keyed event holds the last of them in its HMAC, and the checkpoint file says where keying began
/// (<see cref="AuditChainVerifier"/>).
/// </summary>
/// <remarks>
/// The previous hash must be read under the same write lock that inserts the new event, or two circuits
/// writing at once would both link to the same predecessor. SQLite serializes writers, and EF's
/// BeginTransaction on Microsoft.Data.Sqlite issues BEGIN IMMEDIATE (takes the write lock at once), so
/// <see cref="AppendAsync"/> insists on a transaction being open before it reads the tail of the chain.
/// Ids are assigned here (last + 1) rather than by SQLite so that several events appended before one
/// SaveChanges keep their chain order, and the id is hashed so a deleted or reordered row shows.
/// </remarks>
public sealed class AuditTrail(TimeProvider timeProvider, AuditChainKey key)
{
    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    /// <summary>A correlation id for one service call: the current trace when there is one, else a new id.</summary>
    public static string NewCorrelationId() => Activity.Current?.Id ?? Guid.NewGuid().ToString("N");

    /// <summary>
    /// Adds the event to <paramref name="db"/> (not saved: the caller's SaveChanges writes it with the state
    /// change). A transaction must be open on <paramref name="db"/>.
    /// </summary>
    public async Task<AuditEvent> AppendAsync(PortalDbContext db, AuditActor actor, AuditEntry entry, string? correlationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(entry);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit events are appended inside the transaction of the change they record: call BeginTransactionAsync first.");
        }

        var (lastId, lastHash) = await TailAsync(db, cancellationToken);
        var audit = new AuditEvent
        {
            Id = lastId + 1,
            Company = db.CompanyKey ?? throw new InvalidOperationException("An audit event belongs to a company: append it through a company's context."),
            OccurredAt = WholeMicroseconds(timeProvider.GetUtcNow()),
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = entry.Action,
            EntityType = entry.EntityType,
            EntityId = entry.EntityId,
            BeforeJson = Serialize(entry.Before),
            AfterJson = Serialize(entry.After),
            CorrelationId = correlationId,
            PreviousHash = lastHash,
        };
        audit.Hash = ComputeKeyedHash(audit, key);
        db.AuditEvents.Add(audit);
        return audit;
    }

    /// <summary>
    /// Hex SHA-256 over the event's fields and its predecessor's hash (an unambiguous JSON array of them). The company
    /// is hashed when it is not the owner, so events written before companies existed (all the owner's) keep their hash.
    /// </summary>
    /// <remarks>Stable forever: events written before the chain was keyed are verified with it.</remarks>
    public static string ComputeHash(AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        object?[] fields = [.. ContentFields(audit), .. string.IsNullOrEmpty(audit.Company) ? Array.Empty<object?>() : [audit.Company]];
        var bytes = JsonSerializer.SerializeToUtf8Bytes(fields);
        return Convert.ToHexString(SHA256.HashData(bytes)).ToLower(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Hex HMAC-SHA256, with the chain key, over the same fields and always the company: without the key nobody can
    /// produce it, so rewriting the rows (even the whole chain) shows.
    /// </summary>
    public static string ComputeKeyedHash(AuditEvent audit, AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(key);
        object?[] fields = [.. ContentFields(audit), audit.Company];
        return key.SignEvent(JsonSerializer.SerializeToUtf8Bytes(fields));
    }

    private static object?[] ContentFields(AuditEvent audit) =>
        [
            audit.Id,
            audit.OccurredAt.UtcTicks,
            audit.ActorId,
            audit.ActorName,
            audit.Action,
            audit.EntityType,
            audit.EntityId,
            audit.BeforeJson,
            audit.AfterJson,
            audit.CorrelationId,
            audit.PreviousHash,
        ];

    /// <summary>
    /// PostgreSQL keeps timestamps to the microsecond: a time hashed with finer ticks would not hash the same once read
    /// back from it, so the event's time is cut to what every provider stores.
    /// </summary>
    private static DateTimeOffset WholeMicroseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    private static async Task<(long Id, string? Hash)> TailAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        // Events appended to this context and not saved yet come after everything in the table.
        var pending = db.ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .OrderByDescending(e => e.Id)
            .FirstOrDefault();
        if (pending is not null)
        {
            return (pending.Id, pending.Hash);
        }

        // One chain across companies: the tail is the last event of any of them.
        var last = await db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
            .OrderByDescending(a => a.Id)
            .Select(a => new { a.Id, a.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        return last is null ? (0, null) : (last.Id, last.Hash);
    }

    private static string? Serialize(object? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, snapshot.GetType(), SnapshotJson);
}
