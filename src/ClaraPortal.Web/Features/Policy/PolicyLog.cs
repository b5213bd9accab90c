namespace ClaraPortal.Web.Features.Policy;

/// <summary>Log lines of the Policy page (no names, no amounts).</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} failed")]
    public static partial void AdministrationFailed(ILogger logger, Exception exception, string operation);
}
