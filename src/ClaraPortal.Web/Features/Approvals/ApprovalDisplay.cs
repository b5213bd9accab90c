using ClaraPortal.Web.Data.Entities;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary>How a request reads on the approvals pages: its age, its rule, its progress, its status.</summary>
public static class ApprovalDisplay
{
    /// <summary>"5 min ago", "3 h ago", "2 d ago": approvers sort by urgency at a glance, not by timestamps.</summary>
    public static string Age(DateTimeOffset requestedAt, DateTimeOffset now, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var age = now - requestedAt;
        if (age < TimeSpan.FromMinutes(1))
        {
            return localizer["Approvals.Age.JustNow"];
        }

        if (age < TimeSpan.FromHours(1))
        {
            return localizer["Approvals.Age.Minutes", (int)age.TotalMinutes];
        }

        return age < TimeSpan.FromDays(1)
            ? localizer["Approvals.Age.Hours", (int)age.TotalHours]
            : localizer["Approvals.Age.Days", (int)age.TotalDays];
    }

    /// <summary>The rule in a few words (the queue); the detail shows the full sentence with its amount.</summary>
    public static string RuleShort(string? ruleKey, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return ruleKey is null ? "—" : localizer[ruleKey.Replace("Approval.Rule.", "Approvals.RuleShort.", StringComparison.Ordinal)];
    }

    public static string Progress(int given, int required, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer["Approvals.Progress", given, required];
    }

    public static string Status(ApprovalStatus status, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer[$"Approvals.Status.{status}"];
    }

    public static MudBlazor.Color StatusColor(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Pending => MudBlazor.Color.Warning,
        ApprovalStatus.Approved => MudBlazor.Color.Success,
        ApprovalStatus.Rejected or ApprovalStatus.Failed => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };
}
