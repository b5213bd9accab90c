using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary>A rule that sends a request to approvers, in the reader's language, with its threshold as money.</summary>
public static class ApprovalRuleText
{
    public static string Of(IStringLocalizer<SharedResource> localizer, string? ruleKey, decimal? ruleAmount, string? currency)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrEmpty(ruleKey))
        {
            return "";
        }

        // A key a later version dropped still says something rather than printing the raw key.
        var text = localizer[ruleKey, PortalFormat.Money(ruleAmount, currency)];
        return text.ResourceNotFound ? ruleKey : text.Value;
    }
}
