namespace ClaraPortal.Web.Features.Dashboard;

/// <summary>Log lines of the dashboard (figures and counts only, never card data).</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the dashboard's {Part} failed")]
    public static partial void LoadFailed(ILogger logger, Exception exception, string part);
}
