namespace ClaraPortal.Web.Features.Catalog;

/// <summary>Log lines of the catalog pages.</summary>
internal static partial class CatalogLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Sync now failed unexpectedly; the pages serve the cache")]
    public static partial void SyncNowFailed(ILogger logger, Exception exception);
}
