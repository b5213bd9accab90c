using CustomFieldValue = ClaraPortal.Clara.CustomFieldValue;
using ClaraPortal.Identity;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// One demo card from request to end of life, planned before anything is written: what it is for, who asked, who
/// approved, how it was used and how it ended. History writes it as it happened; live activity plays it through the
/// services (its times are then the real ones).
/// </summary>
internal sealed record DemoCardPlan
{
    public required long Ordinal { get; init; }

    /// <summary>The card's Idempotency-Key (and its approval request's key): <c>demo-</c>, the company, the ordinal.</summary>
    public required string Key { get; init; }

    public required DemoTemplate Template { get; init; }

    public required Supplier Supplier { get; init; }

    public required FundingCard FundingCard { get; init; }

    /// <summary>The limit it ends with (after any update).</summary>
    public required decimal Amount { get; init; }

    /// <summary>The limit it was issued with.</summary>
    public required decimal IssuedAmount { get; init; }

    public required string Currency { get; init; }

    public required DateOnly ValidFrom { get; init; }

    public required DateOnly ValidTo { get; init; }

    public required string Reference { get; init; }

    public required IReadOnlyList<CustomFieldValue> CustomFields { get; init; }

    public required DemoUser Issuer { get; init; }

    /// <summary>When Clara issued it (history); now for live activity.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The approval it went through, when its amount needed one.</summary>
    public DemoApproval? Approval { get; init; }

    /// <summary>Clara refused it: code and message. Nothing else happens to it.</summary>
    public (string Code, string Message)? Failure { get; init; }

    public IReadOnlyList<DemoCharge> Charges { get; init; } = [];

    public DemoCancel? Cancel { get; init; }

    public DemoUpdate? Update { get; init; }

    public IssueCardRequest ToRequest() => new()
    {
        IdempotencyKey = Key,
        TemplateId = Template.Row.ClaraId,
        FundingCardId = FundingCard.ClaraId,
        SupplierId = Supplier.ClaraId,
        Amount = IssuedAmount,
        Currency = Currency,
        ValidFrom = ValidFrom,
        ValidTo = ValidTo,
        Reference = Reference,
        CustomFields = CustomFields,
    };
}

/// <summary>A merchant charge on the card (approved by the card's rules when planned within them).</summary>
internal sealed record DemoCharge(DateTimeOffset At, decimal Amount);

internal sealed record DemoCancel(DateTimeOffset At, string Reason);

internal sealed record DemoUpdate(DateTimeOffset At, decimal NewAmount);

internal enum DemoApprovalOutcome
{
    Approved,
    Rejected,
    Expired,
    Withdrawn,

    /// <summary>Left in the approvers' queue (live activity only: a real request expires after its time).</summary>
    Pending,
}

internal sealed record DemoDecision(DemoUser Approver, DateTimeOffset At, string? Comment);

/// <summary>
/// An approval request: the policy's answer frozen on it, who decided when, and how it ended. The approvers are never
/// the requester and never the same person twice.
/// </summary>
internal sealed record DemoApproval(
    ApprovalAssessment Assessment, DateTimeOffset RequestedAt, string Justification, IReadOnlyList<DemoDecision> Decisions, DemoApprovalOutcome Outcome,
    string? Comment);

/// <summary>A request turned down (or left to expire, or withdrawn) that never became a card: approvers' history has those too.</summary>
internal sealed record DemoTurnedDown(long Ordinal, string Key, DemoCardPlan Asked, DemoApproval Approval);
