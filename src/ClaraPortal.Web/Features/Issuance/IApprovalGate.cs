using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>A change to a card that may need an approver before it is sent to Clara.</summary>
public sealed record ApprovalCheck(CardPurchase Card, CardUpdate Update, CurrentUserInfo RequestedBy);

/// <summary>
/// What the policy in force says of one request: how many different approvers it needs (0: none) and the rule that
/// decided it (a resource key with its amount), frozen onto the request as JSON when one is filed.
/// </summary>
public sealed record ApprovalAssessment(int RequiredApprovals, string? RuleKey, decimal? RuleAmount, string Currency, decimal AutoApproveUpTo, decimal TwoApproversAbove,
    decimal? SingleCardLimit, decimal? MonthlyBudget, decimal MonthToDate)
{
    public bool NeedsApproval => RequiredApprovals > 0;

    public static ApprovalAssessment None(string currency) => new(0, null, null, currency, decimal.MaxValue, decimal.MaxValue, null, null, 0m);
}

/// <summary>
/// The seam where approval policy plugs into the write path: issuing and updating ask it before anything reaches Clara,
/// so a request over the policy is refused by the services even if a page forgot to ask.
/// </summary>
public interface IApprovalGate
{
    Task<ApprovalAssessment> AssessIssueAsync(IssueCardRequest request, CurrentUserInfo requester, CancellationToken cancellationToken = default);

    Task<ApprovalAssessment> AssessUpdateAsync(ApprovalCheck check, CancellationToken cancellationToken = default);
}
