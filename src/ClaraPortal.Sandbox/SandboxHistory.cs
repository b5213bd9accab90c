namespace ClaraPortal.Sandbox;

/// <summary>
/// A card of the past, for <see cref="SandboxServer.ImportHistory"/>: what it was issued for, when, and what happened
/// to it since. The sandbox makes its number and CVV, as it does for a submit.
/// </summary>
/// <param name="TaxIdentifier">RFC of the company it belongs to (the owner's or a subsidiary's).</param>
/// <param name="CustomFields">Custom field values as sent at issue time (name, value).</param>
/// <param name="Charges">Approved merchant charges, in time order, none after <paramref name="CancelledAt"/>.</param>
/// <param name="CancelledAt">When it was cancelled, or null.</param>
public sealed record SandboxHistoricalPurchase(
    string TaxIdentifier,
    long RcnId,
    long TemplateId,
    long SupplierId,
    decimal Amount,
    string Currency,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string? Reference,
    IReadOnlyList<KeyValuePair<string, string>> CustomFields,
    DateTimeOffset CreatedAt,
    IReadOnlyList<SandboxHistoricalCharge> Charges,
    DateTimeOffset? CancelledAt = null,
    string? CancelReason = null,
    DateTimeOffset? UpdatedAt = null);

/// <summary>An approved charge of a historical card; the merchant defaults to the supplier, its MCC to the supplier's.</summary>
public sealed record SandboxHistoricalCharge(DateTimeOffset PostedAt, decimal Amount, string? MerchantName = null);

/// <summary>What the sandbox made of one imported card: its purchase id, last four digits, brand and stored status. Never the number.</summary>
public sealed record SandboxImportedPurchase(long PurchaseId, string Last4, string Brand, string Status);
