using ClaraPortal.Sandbox.Contract;

namespace ClaraPortal.Sandbox.State;

// The sandbox's mutable state. Plain classes, so the optional SQLite store can keep them as JSON.
// Mutated only under SandboxState.Gate.

/// <summary>A VCN. The sandbox plays the issuer, so it is the one place that holds the full card number.</summary>
internal sealed class PurchaseRecord
{
    public long Id { get; set; }
    public string CompanyTaxId { get; set; } = "";
    /// <summary>ACTIVE, CANCELLED or EXHAUSTED; EXPIRED is derived from validTo and today.</summary>
    public string Status { get; set; } = WireValues.StatusActive;
    public long RcnId { get; set; }
    public long TemplateId { get; set; }
    /// <summary>The template's usage at creation: SINGLE_USE, MULTI_USE or RECURRING.</summary>
    public string Usage { get; set; } = WireValues.UsageMulti;
    public long SupplierId { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidTo { get; set; }
    public string? Reference { get; set; }
    public List<CustomFieldValueDto> CustomFields { get; set; } = [];
    public string CardNumber { get; set; } = "";
    public string Cvv { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public string? CancelReason { get; set; }
    public List<TransactionRecord> Transactions { get; set; } = [];

    /// <summary>
    /// Imported history (<see cref="SandboxServer.ImportHistory"/>): its charges were paid on past statements, so it holds
    /// none of its RCN's credit. Without this a year of demo history would use up every RCN and no new card could be issued.
    /// </summary>
    public bool CreditSettled { get; set; }

    public string Last4 => CardNumber[^4..];

    // The card expires at the end of the month of validTo; shown MM/YY like a plastic card.
    public string ExpirationDate => ValidTo.ToString("MM/yy", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"Purchase {Id} (****{Last4})";
}

internal sealed class TransactionRecord
{
    public long Id { get; set; }
    public DateTimeOffset PostedAt { get; set; }
    /// <summary>CHARGE, REFUND, REVERSAL or DECLINE.</summary>
    public string Type { get; set; } = WireValues.TransactionCharge;
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public string? MerchantName { get; set; }
    public string? Mcc { get; set; }
    public string? DeclineReason { get; set; }
}

internal sealed class ReportRecord
{
    public long Id { get; set; }
    public string CompanyTaxId { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string Type { get; set; } = WireValues.ReportClearing;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Injected failure, decided at creation: the report ends FAILED instead of READY.</summary>
    public bool Failed { get; set; }
    /// <summary>Rows as of creation: a report is a snapshot, so its pages never shift while a client reads them.</summary>
    public List<TransactionDto> Rows { get; set; } = [];
}

/// <summary>The first answer to a request with an Idempotency-Key, kept byte for byte for 24 hours.</summary>
internal sealed class IdempotencyRecord
{
    public string Scope { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public int StatusCode { get; set; }
    public byte[] Body { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The last id a sequence handed out, stored so a restart continues after it.</summary>
internal sealed class SequenceRecord
{
    public string Name { get; set; } = "";
    public long Last { get; set; }
}
