namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// A virtual card the portal asked Clara for, from request to end of life. The card number and CVV
/// are never stored here (nor anywhere): only the last four digits.
/// </summary>
public sealed class CardPurchase : IConcurrencyStamped
{
    /// <summary>Local id, known before Clara answers.</summary>
    public Guid Id { get; set; }

    /// <summary>Clara's purchaseId once Clara has answered; null while requested or unknown.</summary>
    public long? ClaraPurchaseId { get; set; }

    /// <summary>Sent as Idempotency-Key; retrying with it can never create a second card.</summary>
    public required string IdempotencyKey { get; set; }

    public CardPurchaseStatus Status { get; set; }

    public long FundingCardId { get; set; }

    public long TemplateId { get; set; }

    public long SupplierId { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    /// <summary>Spent and available as Clara last reported them.</summary>
    public decimal? Spent { get; set; }

    public decimal? Available { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    public string? Reference { get; set; }

    /// <summary>Custom field values as a JSON array of {name, value}.</summary>
    public string CustomFieldsJson { get; set; } = "[]";

    public string? Last4 { get; set; }

    /// <summary>
    /// Card brand ("Visa", "Mastercard", ...) from the number's first digit when Clara issued it; null for
    /// rows recorded before the portal kept it, or when the brand could not be told. Never the number itself.
    /// </summary>
    public string? Brand { get; set; }

    /// <summary>Subject of the issuer.</summary>
    public required string IssuedBy { get; set; }

    public required string IssuedByName { get; set; }

    public Guid? ApprovalRequestId { get; set; }

    /// <summary>Clara's error code and message when the request failed.</summary>
    public string? FailureCode { get; set; }

    public string? FailureMessage { get; set; }

    public string? CancelReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}

public enum CardPurchaseStatus
{
    /// <summary>Written locally, about to be sent to Clara.</summary>
    Requested,

    /// <summary>Waiting for an approver before it is sent.</summary>
    PendingApproval,

    /// <summary>Clara issued the card.</summary>
    Active,

    /// <summary>Sent, but no answer came back (timeout, dropped connection): to be resolved, never "failed".</summary>
    OutcomeUnknown,

    /// <summary>Clara refused it (validation, business rule).</summary>
    Failed,

    /// <summary>An approver turned it down; never sent.</summary>
    Rejected,

    Cancelled,
    Expired,
    Exhausted,
}
