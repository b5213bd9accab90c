namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// Something cached from Clara's catalog. Entries Clara stops returning are marked removed, not
/// deleted, because cards issued earlier still point at them.
/// </summary>
public interface ICatalogEntry
{
    long ClaraId { get; }

    DateTimeOffset LastSyncedAt { get; set; }

    DateTimeOffset? RemovedAt { get; set; }
}
