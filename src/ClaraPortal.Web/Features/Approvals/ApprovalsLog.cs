namespace ClaraPortal.Web.Features.Approvals;

/// <summary>Log lines of the approvals pages and the live news (request ids and kinds only: never card data or justifications).</summary>
internal static partial class ApprovalsLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the approvals queue failed")]
    public static partial void QueueFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading approval request {RequestId} failed")]
    public static partial void DetailFailed(ILogger logger, Exception exception, Guid requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} of approval request {RequestId} failed")]
    public static partial void DecisionFailed(ILogger logger, Exception exception, string operation, Guid requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the approval badges after a {Kind} notification failed")]
    public static partial void NewsFailed(ILogger logger, Exception exception, ApprovalNotificationKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assessing the approval policy for the issue form failed; the write path still checks it")]
    public static partial void AssessmentFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Filing a request for approval failed unexpectedly")]
    public static partial void FilingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the user's approval requests failed")]
    public static partial void MyRequestsFailed(ILogger logger, Exception exception);
}
