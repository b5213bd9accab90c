namespace ClaraPortal.Web.Features.History;

/// <summary>Log lines of the history pages (ids and counts only, never card data).</summary>
internal static partial class HistoryLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the choices of history's filters failed; the filters still work from the address")]
    public static partial void ChoicesFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading a page of history's {Tab} failed")]
    public static partial void PageFailed(ILogger logger, Exception exception, HistoryTab tab);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting history's {Tab} failed; the rows show without their count")]
    public static partial void CountFailed(ILogger logger, Exception exception, HistoryTab tab);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the timeline of card {CardPurchaseId} failed")]
    public static partial void TimelineFailed(ILogger logger, Exception exception, Guid cardPurchaseId);
}
