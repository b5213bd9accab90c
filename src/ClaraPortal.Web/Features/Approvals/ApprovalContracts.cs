using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary>The outcome of filing a request to issue a card.</summary>
public abstract record ApprovalFiling
{
    public sealed record Filed(Guid RequestId, ApprovalAssessment Assessment) : ApprovalFiling;

    /// <summary>The same form was filed already (double click, refresh): nothing new.</summary>
    public sealed record AlreadyFiled(Guid RequestId) : ApprovalFiling;

    /// <summary>The policy does not need approvers for it: issue it directly.</summary>
    public sealed record NotNeeded : ApprovalFiling;

    public sealed record Rejected(string Message, IReadOnlyList<IssueFieldError> Errors) : ApprovalFiling;
}

/// <summary>The outcome of an approver's or requester's action on a request.</summary>
public abstract record ApprovalActionResult
{
    public sealed record Done(ApprovalStatus Status, int ApprovalsGiven, int RequiredApprovals) : ApprovalActionResult;

    /// <summary>Refused: <see cref="Code"/> is one of <see cref="ApprovalRefusals"/>, <see cref="Message"/> in the user's language.</summary>
    public sealed record Refused(string Code, string Message) : ApprovalActionResult;
}

public static class ApprovalRefusals
{
    public const string NotFound = "NOT_FOUND";
    public const string OwnRequest = "OWN_REQUEST";
    public const string AlreadyApprovedByYou = "ALREADY_APPROVED_BY_YOU";
    public const string NotPending = "NOT_PENDING";
    public const string ChangedMeanwhile = "CHANGED_MEANWHILE";
    public const string CannotRaise = "CANNOT_RAISE";
    public const string CannotExtend = "CANNOT_EXTEND";
    public const string InvalidAmount = "INVALID_AMOUNT";
    public const string InvalidText = "INVALID_TEXT";
    public const string InvalidDate = "INVALID_DATE";
    public const string CommentRequired = "COMMENT_REQUIRED";
    public const string NotYours = "NOT_YOURS";
    public const string AlreadyRevealed = "ALREADY_REVEALED";
}

/// <summary>What an approver may change while approving: only down (a lower amount, an earlier end date).</summary>
public sealed record ApprovalChanges(string? Comment, decimal? Amount = null, DateOnly? ValidTo = null);

/// <summary>A request as its requester sees it on "My requests"; <see cref="RuleAmount"/> is the threshold its rule names (frozen with the policy).</summary>
public sealed record MyRequestView(
    Guid Id, string Kind, string Summary, decimal Amount, string Currency, ApprovalStatus Status, int ApprovalsGiven, int RequiredApprovals,
    string? RuleKey, DateTimeOffset RequestedAt, IReadOnlyList<DecisionView> Decisions, Guid? IssuedCardPurchaseId, bool CanReveal, string? FailureMessage,
    decimal? RuleAmount = null)
{
    public bool CanWithdraw => Status == ApprovalStatus.Pending;
}

public sealed record DecisionView(string ApproverName, ApprovalVerdict Verdict, string? Comment, decimal? Amount, DateOnly? ValidTo, DateTimeOffset DecidedAt);

/// <summary>A row of the approvals queue.</summary>
public sealed record ApprovalQueueItem(
    Guid Id, string Kind, decimal Amount, string Currency, string? SupplierName, string? TemplateName, string RequestedByName, string RequestedBy,
    DateTimeOffset RequestedAt, int ApprovalsGiven, int RequiredApprovals, string? RuleKey, ApprovalStatus Status);

public enum ApprovalQueueSort
{
    Oldest,
    Newest,
    AmountHighest,
    AmountLowest,
}

public sealed record ApprovalQueueQuery(
    ApprovalStatus Status = ApprovalStatus.Pending, long? TemplateId = null, string? RequestedBy = null, decimal? MinAmount = null,
    ApprovalQueueSort Sort = ApprovalQueueSort.Oldest, int Page = 0, int PageSize = 25);

public sealed record ApprovalQueuePage(IReadOnlyList<ApprovalQueueItem> Items, int Total);

/// <summary>Someone who filed requests: the queue's requester filter.</summary>
public sealed record ApprovalRequester(string Subject, string Name);

/// <summary>Everything an approver reads before deciding.</summary>
public sealed record ApprovalDetail(
    ApprovalQueueItem Request, string Summary, string? Justification, DateOnly? ValidTo, DateTimeOffset? ExpiresAt, ApprovalAssessment? Policy,
    IReadOnlyList<DecisionView> Decisions, IReadOnlyList<RequesterCard> RequesterRecentCards, decimal RequesterMonthTotal, bool IsOwnRequest, bool AlreadyApprovedByYou);

public sealed record RequesterCard(Guid Id, string? Last4, decimal Amount, string Currency, CardPurchaseStatus Status, DateTimeOffset CreatedAt);
