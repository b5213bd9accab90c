namespace ClaraPortal.Sandbox;

/// <summary>
/// A purchase as the sandbox holds it, for tests and benchmarks that check what really exists on "Clara's" side
/// (exactly one card per logical submit, nothing created by a faulted call). Never the card number or CVV.
/// </summary>
/// <param name="PurchaseId">The id every API call takes.</param>
/// <param name="CompanyTaxId">RFC of the company the card belongs to.</param>
/// <param name="Reference">The client's reference (e.g. a PO number), if it sent one.</param>
/// <param name="Amount">The card's current limit.</param>
/// <param name="Currency">ISO 4217 currency of the card.</param>
/// <param name="Status">ACTIVE, CANCELLED, EXHAUSTED, or EXPIRED once the sandbox's today is past validTo.</param>
/// <param name="CreatedAt">When the sandbox created it (sandbox clock, UTC).</param>
public sealed record SandboxPurchaseView(
    long PurchaseId,
    string CompanyTaxId,
    string? Reference,
    decimal Amount,
    string Currency,
    string Status,
    DateTimeOffset CreatedAt);

/// <summary>A company the sandbox's credentials act for: the owner (no X-Tax-Identifier) or a subsidiary (its RFC in the header).</summary>
/// <param name="TaxIdentifier">The company's RFC.</param>
/// <param name="Name">Its legal name.</param>
/// <param name="IsOwner">True for the company that owns the credentials: its calls carry no X-Tax-Identifier.</param>
public sealed record SandboxCompany(string TaxIdentifier, string Name, bool IsOwner);
