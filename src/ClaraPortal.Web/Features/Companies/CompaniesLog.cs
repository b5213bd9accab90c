namespace ClaraPortal.Web.Features.Companies;

/// <summary>Log lines of the company switcher and the Companies page (subjects and company keys, no names).</summary>
internal static partial class CompaniesLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Switching to company '{CompanyKey}' failed")]
    public static partial void SwitchFailed(ILogger logger, Exception exception, string companyKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} for company '{CompanyKey}' failed")]
    public static partial void AdministrationFailed(ILogger logger, Exception exception, string operation, string companyKey);
}
