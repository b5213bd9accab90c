namespace ClaraPortal.Web.Data.Entities;

/// <summary>Cached copy of a Clara supplier (the merchant a virtual card is meant for).</summary>
public sealed class Supplier : ICatalogEntry
{
    public string Company { get; set; } = null!;

    public long ClaraId { get; set; }

    public required string Name { get; set; }

    /// <summary>Tax id (RFC in Mexico).</summary>
    public string? TaxId { get; set; }

    /// <summary>Merchant category code.</summary>
    public string? Mcc { get; set; }

    public string? Country { get; set; }

    /// <summary>Name, tax id and MCC folded to lower case without accents, for one LIKE search.</summary>
    public string SearchText { get; set; } = "";

    public DateTimeOffset LastSyncedAt { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }
}
