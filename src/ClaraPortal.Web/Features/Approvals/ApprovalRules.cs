using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary>The resource keys of the rules that send a request to approval (shown on the form, the request and the queue).</summary>
public static class ApprovalRuleKeys
{
    public const string OneApprover = "Approval.Rule.OneApprover";
    public const string TwoApprovers = "Approval.Rule.TwoApprovers";
    public const string SingleCardLimit = "Approval.Rule.SingleCardLimit";
    public const string MonthlyBudget = "Approval.Rule.MonthlyBudget";
}

/// <summary>
/// The policy's arithmetic, with nothing to load: which band applies to a template and currency, and how many approvers
/// an amount needs under that band and the issuer's authority.
/// </summary>
public static class ApprovalRules
{
    /// <summary>The defaults a company starts with (in the card's currency): 10,000 at once, two approvers above 100,000.</summary>
    public const decimal DefaultAutoApproveUpTo = 10_000m;
    public const decimal DefaultTwoApproversAbove = 100_000m;

    /// <summary>The most specific band: template and currency, then template, then currency, then the company's default.</summary>
    public static (decimal AutoApproveUpTo, decimal TwoApproversAbove) BandFor(IReadOnlyList<ApprovalBand> bands, long templateId, string currency)
    {
        ArgumentNullException.ThrowIfNull(bands);
        var band = bands.FirstOrDefault(b => b.TemplateId == templateId && b.Currency == currency)
            ?? bands.FirstOrDefault(b => b.TemplateId == templateId && b.Currency is null)
            ?? bands.FirstOrDefault(b => b.TemplateId is null && b.Currency == currency)
            ?? bands.FirstOrDefault(b => b.TemplateId is null && b.Currency is null);
        return band is null ? (DefaultAutoApproveUpTo, DefaultTwoApproversAbove) : (band.AutoApproveUpTo, band.TwoApproversAbove);
    }

    public static ApprovalAssessment Assess(
        decimal amount, string currency, (decimal AutoApproveUpTo, decimal TwoApproversAbove) band, IssuerAuthority? authority, decimal monthToDate)
    {
        var (auto, two) = band;
        if (amount > two)
        {
            return new(2, ApprovalRuleKeys.TwoApprovers, two, currency, auto, two, authority?.SingleCardLimit, authority?.MonthlyBudget, monthToDate);
        }

        if (amount > auto)
        {
            return new(1, ApprovalRuleKeys.OneApprover, auto, currency, auto, two, authority?.SingleCardLimit, authority?.MonthlyBudget, monthToDate);
        }

        // Below the band: the issuer's own authority can still send it to one approver.
        if (authority?.SingleCardLimit is { } limit && amount > limit)
        {
            return new(1, ApprovalRuleKeys.SingleCardLimit, limit, currency, auto, two, limit, authority.MonthlyBudget, monthToDate);
        }

        if (authority?.MonthlyBudget is { } budget && monthToDate + amount > budget)
        {
            return new(1, ApprovalRuleKeys.MonthlyBudget, budget, currency, auto, two, authority.SingleCardLimit, budget, monthToDate);
        }

        return new(0, null, null, currency, auto, two, authority?.SingleCardLimit, authority?.MonthlyBudget, monthToDate);
    }
}
