namespace ClaraPortal.Web.Features.Reports;

/// <summary>What reports' pages log when a read or a write fails (the user is told in words; the log keeps the cause).</summary>
internal static partial class ReportsLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Starting a report failed")]
    public static partial void StartFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading reports ({What}) failed")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving the daily report setting failed")]
    public static partial void ScheduleFailed(ILogger logger, Exception exception);
}
