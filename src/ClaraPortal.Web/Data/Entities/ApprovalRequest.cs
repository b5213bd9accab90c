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
}
