namespace ClaraPortal.Web.Data.Entities;

/// <summary>Cached copy of one of Clara's RCNs (the company card a virtual card is charged to).</summary>
public sealed class FundingCard : ICatalogEntry
{
    public string Company { get; set; } = null!;

    public long ClaraId { get; set; }

    public required string Alias { get; set; }

    public string? Last4 { get; set; }

    public string? Currency { get; set; }

    public decimal? AvailableCredit { get; set; }

    /// <summary>Clara's status, e.g. ACTIVE or BLOCKED.</summary>
    public string? Status { get; set; }

    public DateTimeOffset LastSyncedAt { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }
}
