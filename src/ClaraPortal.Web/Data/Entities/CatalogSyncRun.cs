namespace ClaraPortal.Web.Data.Entities;

/// <summary>One refresh of the catalog cache from Clara: what, when, by whom, and how it went.</summary>
public sealed class CatalogSyncRun : ICompanyOwned
{
    /// <summary>The company it belongs to (see <see cref="ICompanyOwned"/>).</summary>
    public string Company { get; set; } = null!;

    public long Id { get; set; }

    /// <summary>What was synced: All, Rcn, Template or Supplier.</summary>
    public required string Scope { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public CatalogSyncOutcome Outcome { get; set; }

    /// <summary>Error summary when the sync failed (never secrets or card data).</summary>
    public string? Message { get; set; }

    /// <summary>Subject of the user who pressed "Sync now", or "system".</summary>
    public required string RequestedBy { get; set; }

    public int FundingCards { get; set; }

    public int Templates { get; set; }

    public int Suppliers { get; set; }

    public int Added { get; set; }

    public int Updated { get; set; }

    public int Removed { get; set; }
}

public enum CatalogSyncOutcome
{
    Running,
    Succeeded,
    Failed,
}
