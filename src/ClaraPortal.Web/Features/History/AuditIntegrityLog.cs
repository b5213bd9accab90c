namespace ClaraPortal.Web.Features.History;

/// <summary>Log lines of the verify page (no event contents: ids and kinds only, in the verifier's own log).</summary>
internal static partial class AuditIntegrityLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Verifying the audit chain from the verify page failed")]
    public static partial void VerifyFailed(ILogger logger, Exception exception);
}
