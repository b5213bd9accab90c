using System.Text;
using System.Text.Json.Serialization;

namespace ClaraPortal.Clara;

/// <summary>Body of POST /v1/vcn/submit. Currency null means the template's currency.</summary>
public sealed record SubmitPurchaseRequest(
    long RcnId,
    long TemplateId,
    long SupplierId,
    decimal Amount,
    string? Currency,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string? Reference,
    IReadOnlyList<CustomFieldValue> CustomFields)
{
    public IReadOnlyList<CustomFieldValue> CustomFields { get; init; } = CustomFields ?? [];
}

public sealed record CustomFieldValue(string Name, string Value);

/// <summary>Body of POST /v1/vcn/{purchaseId}/update: any of the fields; null leaves it unchanged.</summary>
public sealed record UpdatePurchaseRequest(decimal? Amount, long? SupplierId, DateOnly? ValidTo);

/// <summary>
/// A VCN as Clara describes it, without card number or CVV. PurchaseId is the id every other call takes
/// (one page of Clara's guide calls it vcnId; both names are read).
/// </summary>
public record Purchase(
    long PurchaseId,
    string Status,
    long RcnId,
    long TemplateId,
    long SupplierId,
    decimal Amount,
    string Currency,
    decimal Spent,
    decimal Available,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string? Reference,
    string? Last4,
    DateTimeOffset? CreatedAt) : IClaraAnswer
{
    string? IClaraAnswer.MissingMember => Missing();

    /// <summary>The first member every answer about a purchase holds that this one lacks (see <see cref="IClaraAnswer"/>).</summary>
    private protected virtual string? Missing() =>
        PurchaseId <= 0 ? "purchaseId"
        : string.IsNullOrWhiteSpace(Status) ? "status"
        : string.IsNullOrWhiteSpace(Currency) ? "currency"
        : ValidTo == default ? "validTo"
        : null;
}

/// <summary>
/// The answer to a submit: the purchase plus the full card. CardNumber, Cvv and ExpirationDate are shown once to the
/// user and never stored or logged; ToString() leaves them out, and JSON only reads them: whatever serializes a card
/// (as itself, as a <see cref="Purchase"/>, as object, in a list, with any options) never writes them.
/// </summary>
public sealed record IssuedCard(
    long PurchaseId,
    string Status,
    long RcnId,
    long TemplateId,
    long SupplierId,
    decimal Amount,
    string Currency,
    decimal Spent,
    decimal Available,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string? Reference,
    string? Last4,
    DateTimeOffset? CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)] string CardNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)] string Cvv,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)] string ExpirationDate)
    : Purchase(PurchaseId, Status, RcnId, TemplateId, SupplierId, Amount, Currency, Spent, Available, ValidFrom, ValidTo, Reference, Last4, CreatedAt)
{
    /// <summary>The purchase without the card secrets, e.g. to store or pass on.</summary>
    public Purchase ToPurchase() =>
        new(PurchaseId, Status, RcnId, TemplateId, SupplierId, Amount, Currency, Spent, Available, ValidFrom, ValidTo, Reference, Last4, CreatedAt);

    // A submit answer without the card's number or CVV is not one: the card could never be shown.
    private protected override string? Missing() =>
        base.Missing() ?? (string.IsNullOrWhiteSpace(CardNumber) ? "cardNumber" : string.IsNullOrWhiteSpace(Cvv) ? "cvv" : null);

    protected override bool PrintMembers(StringBuilder builder)
    {
        // Records print every property by default, and ToString() output ends up in logs and exception messages.
        base.PrintMembers(builder);
        builder.Append(", CardNumber = [redacted], Cvv = [redacted], ExpirationDate = [redacted]");
        return true;
    }
}

/// <summary>
/// GET /v1/vcn/{purchaseId}: the purchase with its status history and transactions. CardNumber and Cvv are set only
/// when revealed; ToString() leaves them out.
/// </summary>
public sealed record PurchaseDetails(
    long PurchaseId,
    string Status,
    long RcnId,
    long TemplateId,
    long SupplierId,
    decimal Amount,
    string Currency,
    decimal Spent,
    decimal Available,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string? Reference,
    string? Last4,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? CancelledAt,
    string? CancelReason,
    IReadOnlyList<CardTransaction> Transactions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)] string? CardNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)] string? Cvv)
    : Purchase(PurchaseId, Status, RcnId, TemplateId, SupplierId, Amount, Currency, Spent, Available, ValidFrom, ValidTo, Reference, Last4, CreatedAt)
{
    public IReadOnlyList<CardTransaction> Transactions { get; init; } = Transactions ?? [];

    /// <summary>Expiry as MM/YY, when Clara sends it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)]
    public string? ExpirationDate { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRevealed => CardNumber is not null;

    public Purchase ToPurchase() =>
        new(PurchaseId, Status, RcnId, TemplateId, SupplierId, Amount, Currency, Spent, Available, ValidFrom, ValidTo, Reference, Last4, CreatedAt);

    protected override bool PrintMembers(StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append(", CancelledAt = ").Append(CancelledAt)
            .Append(", CancelReason = ").Append(CancelReason)
            .Append(", Transactions = ").Append(Transactions.Count)
            .Append(", Revealed = ").Append(IsRevealed);
        return true;
    }
}

/// <summary>A charge, refund, reversal or decline on a VCN, in details and reports.</summary>
public sealed record CardTransaction(
    long PurchaseId,
    long TransactionId,
    DateTimeOffset PostedAt,
    string Type,
    decimal Amount,
    string Currency,
    string? MerchantName,
    string? Mcc,
    long? RcnId);
