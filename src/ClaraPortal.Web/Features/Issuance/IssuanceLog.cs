namespace ClaraPortal.Web.Features.Issuance;

/// <summary>Log lines of the issuance UI. Exceptions here never carry card data (the client and service redact it).</summary>
internal static partial class IssuanceLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Issuing a card failed unexpectedly")]
    public static partial void IssueFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copying to the clipboard failed")]
    public static partial void CopyFailed(ILogger logger, Exception exception);
}
