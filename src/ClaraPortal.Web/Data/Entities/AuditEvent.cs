namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// One thing someone did, append-only. <see cref="PreviousHash"/> and <see cref="Hash"/> link the
/// events into a chain so that editing or deleting a row is detectable.
/// </summary>
public sealed class AuditEvent : ICompanyOwned
{
    /// <summary>The company it belongs to (see <see cref="ICompanyOwned"/>).</summary>
    public string Company { get; set; } = null!;

    /// <summary>Sequence number; the chain runs in this order.</summary>
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public required string ActorId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>e.g. card.issue, card.reveal, catalog.sync, approval.decide.</summary>
    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public string? EntityId { get; set; }

    /// <summary>State before and after, as JSON (never card numbers or CVV).</summary>
    public string? BeforeJson { get; set; }

    public string? AfterJson { get; set; }

    public string? CorrelationId { get; set; }

    /// <summary>Hex SHA-256 of the previous event; null for the first.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>Hex SHA-256 over this event's fields and <see cref="PreviousHash"/>.</summary>
    public string? Hash { get; set; }
}
