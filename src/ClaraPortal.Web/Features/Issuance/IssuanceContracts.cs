using System.Text;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Entities;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// What the issuer asks for. <see cref="IdempotencyKey"/> is made once per form instance, so a double
/// click, a refresh or a retry of the same form can never become a second card.
/// </summary>
public sealed record IssueCardRequest
{
    public required string IdempotencyKey { get; init; }

    public long TemplateId { get; init; }

    public long FundingCardId { get; init; }

    public long SupplierId { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public DateOnly ValidFrom { get; init; }

    public DateOnly ValidTo { get; init; }

    public string? Reference { get; init; }

    public IReadOnlyList<CustomFieldValue> CustomFields { get; init; } = [];
}

/// <summary>The outcome of <see cref="VcnService.IssueAsync"/> and <see cref="VcnService.ResolveOutcomeAsync"/>.</summary>
public abstract record IssueCardResult(Guid? CardPurchaseId)
{
    /// <summary>Clara issued the card. The only time the card number and CVV reach the UI unasked.</summary>
    public sealed record Issued(Guid CardPurchaseId, RevealedCard Card) : IssueCardResult(CardPurchaseId)
    {
        public new Guid CardPurchaseId { get; init; } = CardPurchaseId;
    }

    /// <summary>Sent, no answer: Clara may have issued it. Resolve with ResolveOutcomeAsync, never by a new submission.</summary>
    public sealed record OutcomeUnknown(Guid CardPurchaseId) : IssueCardResult(CardPurchaseId)
    {
        public new Guid CardPurchaseId { get; init; } = CardPurchaseId;
    }

    /// <summary>Refused, by the portal's own rules (no id: nothing recorded) or by Clara. Errors are keyed by form field.</summary>
    public sealed record Rejected(Guid? CardPurchaseId, string Code, string Message, IReadOnlyList<IssueFieldError> Errors) : IssueCardResult(CardPurchaseId);

    /// <summary>The same IdempotencyKey was already recorded (double click, refresh): nothing new was sent.</summary>
    public sealed record AlreadySubmitted(Guid CardPurchaseId, CardPurchaseStatus Status) : IssueCardResult(CardPurchaseId)
    {
        public new Guid CardPurchaseId { get; init; } = CardPurchaseId;
    }
}

/// <summary>
/// A problem with one form field. <see cref="Field"/> is one of <see cref="IssueFields"/>' names,
/// or <c>CustomField:&lt;name&gt;</c>.
/// </summary>
public sealed record IssueFieldError(string Field, string Message);

/// <summary>The form field names errors are keyed by.</summary>
public static class IssueFields
{
    public const string Template = nameof(Template);
    public const string FundingCard = nameof(FundingCard);
    public const string Supplier = nameof(Supplier);
    public const string Amount = nameof(Amount);
    public const string Currency = nameof(Currency);
    public const string ValidFrom = nameof(ValidFrom);
    public const string ValidTo = nameof(ValidTo);
    public const string Reference = nameof(Reference);
    public const string CustomFieldPrefix = "CustomField:";

    public static string CustomField(string name) => CustomFieldPrefix + name;
}

/// <summary>
/// The full card, shown once. Never stored, never logged: ToString() leaves the number and CVV out.
/// </summary>
public sealed record RevealedCard(string CardNumber, string Cvv, string ExpirationDate, string Last4, string Brand)
{
    /// <summary>What <see cref="BrandOf"/> says when the number's first digits name no brand it knows.</summary>
    public const string UnknownBrand = "Card";

    /// <summary>Brand from the first digit of the number (test BINs: 4 Visa, 5 Mastercard).</summary>
    public static string BrandOf(string? cardNumber) => cardNumber?.TrimStart() switch
    {
        ['4', ..] => "Visa",
        ['5', ..] or ['2', ..] => "Mastercard",
        ['3', '4' or '7', ..] => "American Express",
        _ => UnknownBrand,
    };

    /// <summary>The number in groups of four, as printed on a card.</summary>
    public string GroupedNumber => string.Join(' ', CardNumber.Chunk(4).Select(c => new string(c)));

    private bool PrintMembers(StringBuilder builder)
    {
        // Records print every property by default, and ToString() output ends up in logs and exception messages.
        builder.Append("CardNumber = [redacted], Cvv = [redacted], ExpirationDate = [redacted], Last4 = ").Append(Last4)
            .Append(", Brand = ").Append(Brand);
        return true;
    }
}

/// <summary>A change to an issued card; null leaves that part as it is.</summary>
public sealed record CardUpdate(decimal? Amount, long? SupplierId, DateOnly? ValidTo);

/// <summary>The outcome of <see cref="VcnService.UpdateAsync"/>.</summary>
public abstract record CardUpdateResult
{
    /// <summary>Clara applied the change; <paramref name="Card"/> is the stored row afterwards (detached).</summary>
    public sealed record Updated(CardPurchase Card) : CardUpdateResult;

    /// <summary>The change waits for an approver; nothing was sent to Clara.</summary>
    public sealed record NeedsApproval(Guid ApprovalRequestId) : CardUpdateResult;

    /// <summary>Refused by the template's rules or by Clara. Errors are keyed like the issue form's fields.</summary>
    public sealed record Rejected(string Code, string Message, IReadOnlyList<IssueFieldError> Errors) : CardUpdateResult;
}

public enum CardCancelStatus
{
    Cancelled,
    AlreadyCancelled,
    NotFound,

    /// <summary>Not cancelled (Clara refused): calling CancelAsync again retries it.</summary>
    Failed,

    /// <summary>
    /// Sent, and Clara's answer never arrived: maybe cancelled, never "failed". The portal replays it with its key until
    /// Clara answers; the card's page says so meanwhile.
    /// </summary>
    Unconfirmed,
}

public sealed record CardCancelResult(Guid CardPurchaseId, string? Last4, CardCancelStatus Status, string? Message);
