namespace ClaraPortal.Web.Data.Entities;

/// <summary>A request that needs an approver's decision before the portal acts on it.</summary>
public sealed class ApprovalRequest : IConcurrencyStamped, ICompanyOwned
{
    /// <summary>The company it belongs to (see <see cref="ICompanyOwned"/>).</summary>
    public string Company { get; set; } = null!;

    public Guid Id { get; set; }

    /// <summary>What is asked for, e.g. IssueCard or RaiseLimit.</summary>
    public required string Kind { get; set; }

    /// <summary>The card purchase it is about, when there is one.</summary>
    public Guid? CardPurchaseId { get; set; }

    /// <summary>One line an approver reads in the queue.</summary>
    public required string Summary { get; set; }

    /// <summary>The request's details as JSON (no card data).</summary>
    public string PayloadJson { get; set; } = "{}";

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    public ApprovalStatus Status { get; set; }

    public required string RequestedBy { get; set; }

    public required string RequestedByName { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public string? DecidedBy { get; set; }

    public string? DecidedByName { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The requester's justification or the approver's reason for the decision.</summary>
    public string? Reason { get; set; }

    /// <summary>The issue form's Idempotency-Key: filing the same form twice files one request (and its card is issued with it).</summary>
    public string? RequestKey { get; set; }

    /// <summary>Why the requester asks (required on a request to issue).</summary>
    public string? Justification { get; set; }

    /// <summary>How many different approvers must approve (1 or 2), frozen from the policy when the request was made.</summary>
    public int RequiredApprovals { get; set; } = 1;

    public int ApprovalsGiven { get; set; }

    /// <summary>The rule that sent it to approval (a resource key) and the policy in force then, as JSON: later edits do not touch it.</summary>
    public string? RuleKey { get; set; }

    public string PolicyJson { get; set; } = "{}";

    /// <summary>What the queue filters and sorts by, copied from the payload.</summary>
    public long? TemplateId { get; set; }

    public long? SupplierId { get; set; }

    public DateOnly? ValidTo { get; set; }

    /// <summary>A pending request past this is expired by the background job.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The card issued on approval (for a request to issue).</summary>
    public Guid? IssuedCardPurchaseId { get; set; }

    /// <summary>Why an approved request could not be carried out (a resource key or Clara's words).</summary>
    public string? FailureMessage { get; set; }

    /// <summary>When the requester revealed the issued card's number: once, then never again from here.</summary>
    public DateTimeOffset? RevealedAt { get; set; }

    /// <summary>Two approvers deciding at once: the second save fails instead of overwriting.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}

public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
    Expired,

    /// <summary>Approved, but carrying it out failed (Clara refused, or the requester is no longer an Issuer).</summary>
    Failed,
}
