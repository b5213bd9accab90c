namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// When a card needs approvers, by amount, for one template and currency of a company (or every template / every
/// currency when those are null). Up to <see cref="AutoApproveUpTo"/> a card is issued at once; above it one approver;
/// above <see cref="TwoApproversAbove"/> two different approvers.
/// </summary>
public sealed class ApprovalBand : ICompanyOwned
{
    public long Id { get; set; }

    public string Company { get; set; } = null!;

    /// <summary>The template it applies to; null for every template without a band of its own.</summary>
    public long? TemplateId { get; set; }

    /// <summary>ISO 4217; null for any currency (amounts are read in the card's currency).</summary>
    public string? Currency { get; set; }

    public decimal AutoApproveUpTo { get; set; }

    public decimal TwoApproversAbove { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What one issuer may issue without an approver, in one currency: per card and per calendar month.</summary>
public sealed class IssuerAuthority : ICompanyOwned
{
    public long Id { get; set; }

    public string Company { get; set; } = null!;

    public required string Subject { get; set; }

    public required string Currency { get; set; }

    /// <summary>A card above this needs an approver, whatever the band says; null for no limit.</summary>
    public decimal? SingleCardLimit { get; set; }

    /// <summary>Cards issued this calendar month plus this one above this need an approver; null for no budget.</summary>
    public decimal? MonthlyBudget { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One approver's decision on a request. One per approver and request (a unique index), so nobody counts twice.</summary>
public sealed class ApprovalDecision : ICompanyOwned
{
    public long Id { get; set; }

    public string Company { get; set; } = null!;

    public Guid ApprovalRequestId { get; set; }

    public required string ApproverSubject { get; set; }

    public required string ApproverName { get; set; }

    public ApprovalVerdict Verdict { get; set; }

    public string? Comment { get; set; }

    /// <summary>The amount the approver approved when they lowered it.</summary>
    public decimal? Amount { get; set; }

    /// <summary>The end date the approver approved when they shortened it.</summary>
    public DateOnly? ValidTo { get; set; }

    public DateTimeOffset DecidedAt { get; set; }
}

public enum ApprovalVerdict
{
    Approved,
    Rejected,
}
