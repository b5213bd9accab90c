namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// Something cached from one company's Clara catalog (ids are Clara's, unique within a company). Entries Clara stops returning are marked removed, not
/// deleted, because cards issued earlier still point at them.
/// </summary>
public interface ICatalogEntry : ICompanyOwned
{
    long ClaraId { get; }

    DateTimeOffset LastSyncedAt { get; set; }

    DateTimeOffset? RemovedAt { get; set; }
}
