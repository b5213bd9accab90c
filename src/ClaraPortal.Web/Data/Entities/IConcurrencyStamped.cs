namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// Optimistic concurrency for SQLite, which has no rowversion: the stamp is a concurrency token and
/// <see cref="PortalDbContext"/> renews it on every update.
/// </summary>
public interface IConcurrencyStamped
{
    Guid ConcurrencyStamp { get; set; }
}
