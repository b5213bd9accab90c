namespace ClaraPortal.Web.Features.Approvals;

/// <summary>Log lines of the approvals UI (request ids only: nothing here carries card data or justifications).</summary>
internal static partial class ApprovalsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Assessing the approval policy for the issue form failed; the write path still checks it")]
    public static partial void AssessmentFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Filing a request for approval failed unexpectedly")]
    public static partial void FilingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the user's approval requests failed")]
    public static partial void MyRequestsFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} of approval request {RequestId} failed")]
    public static partial void RequestOperationFailed(ILogger logger, Exception exception, string operation, Guid requestId);
}
