using System.Text.Json.Serialization;

// Every name the sandbox puts on the wire lives in this file, so a correction against Clara's real
// API is a one-file change. JSON is camelCase (SandboxJson); amounts are decimal, ids long,
// dates yyyy-MM-dd (DateOnly), timestamps UTC with Z (UtcTimestampConverter).
namespace ClaraPortal.Sandbox.Contract;

// ---- Errors -------------------------------------------------------------------------------------
internal sealed record ErrorBody(
    string Code,
    string Message,
    DateTimeOffset Timestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FieldIssue>? Details = null);

internal sealed record FieldIssue(string Field, string Issue);

// ---- OAuth ----------------------------------------------------------------------------------------
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>Contract error body plus the RFC 6749 "error" member OAuth libraries look for.</summary>
internal sealed record TokenErrorBody(
    string Code,
    string Message,
    DateTimeOffset Timestamp,
    [property: JsonPropertyName("error")] string Error);

// ---- Catalog (GET /v1/vcn?companyDetail=) -----------------------------------------------------------
internal sealed record CatalogResponse(
    IReadOnlyList<RcnDto> Rcns,
    IReadOnlyList<SupplierDto> Suppliers,
    IReadOnlyList<TemplateDto> Templates);

internal sealed record RcnDto(long Id, string Alias, string Last4, string Currency, decimal AvailableCredit, string Status);

internal sealed record SupplierDto(long Id, string Name, string TaxId, string Mcc, string Country);

internal sealed record TemplateDto(
    long Id,
    string Name,
    string Description,
    string Type,
    bool IcmpEnabled,
    IReadOnlyList<PurchaseTypeDto> PurchaseTypes,
    IReadOnlyList<RuleDto> Rules,
    IReadOnlyList<CustomFieldDto> CustomFields,
    string Currency,
    IReadOnlyList<string> AllowedCurrencies,
    decimal MaxAmount,
    int ValidityDays,
    string Usage);

internal sealed record PurchaseTypeDto(string Mcc, string Description);

internal sealed record RuleDto(string? Name, string? Type, IReadOnlyList<ControlDto> Controls);

internal sealed record ControlDto(
    string Code,
    string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxTransactions = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Period = null);

internal sealed record CustomFieldDto(
    string Name,
    int MaxLength,
    string DisplayType,
    string DataType,
    string Required,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Options = null);

// ---- Purchases ------------------------------------------------------------------------------------
/// <summary>POST /v1/vcn/submit. Every member is nullable so a missing one is a 400 with details, not a default.</summary>
internal sealed record SubmitRequest(
    long? RcnId,
    long? TemplateId,
    long? SupplierId,
    decimal? Amount,
    string? Currency,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    string? Reference,
    IReadOnlyList<CustomFieldValueDto>? CustomFields);

internal sealed record CustomFieldValueDto(string? Name, string? Value);

/// <summary>POST /v1/vcn/{purchaseId}/update: any of the three.</summary>
internal sealed record UpdateRequest(decimal? Amount, long? SupplierId, DateOnly? ValidTo);

/// <summary>
/// A purchase as the API shows it. Card number and CVV only on submit and on details with reveal=true;
/// transactions, cancelledAt and cancelReason only on details.
/// </summary>
internal sealed record PurchaseDto
{
    public required long PurchaseId { get; init; }
    public required string Status { get; init; }
    public required long RcnId { get; init; }
    public required long TemplateId { get; init; }
    public required long SupplierId { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public required decimal Spent { get; init; }
    public required decimal Available { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public required DateOnly ValidTo { get; init; }
    public string? Reference { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CardNumber { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cvv { get; init; }

    public required string ExpirationDate { get; init; }
    public required string Last4 { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public IReadOnlyList<CustomFieldValueDto> CustomFields { get; init; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? CancelledAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CancelReason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TransactionDto>? Transactions { get; init; }

    // Never let a record's generated ToString print the card number or CVV into a log line.
    public override string ToString() => $"Purchase {PurchaseId} ({Status}, ****{Last4})";
}

internal sealed record CancelRequest(IReadOnlyList<long>? PurchaseIds, IReadOnlyList<long>? VcnIds, string? Reason);

internal sealed record CancelResponse(IReadOnlyList<CancelResultDto> Results);

internal sealed record CancelResultDto(
    long PurchaseId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null);

// ---- Reports ----------------------------------------------------------------------------------------
internal sealed record ReportRequestDto(DateOnly? From, DateOnly? To, string? Type);

internal sealed record ReportStartedDto(long ReportId, string Status);

internal sealed record ReportPageDto(long ReportId, string Status, decimal Progress, int TotalRows, IReadOnlyList<TransactionDto> Rows);

internal sealed record TransactionDto(
    long PurchaseId,
    long TransactionId,
    DateTimeOffset PostedAt,
    string Type,
    decimal Amount,
    string Currency,
    string? MerchantName,
    string? Mcc,
    long RcnId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeclineReason = null);

// ---- Sandbox-only: simulated merchant charges (POST /sandbox/v1/vcn/{purchaseId}/charges) ----------
/// <summary>Type: CHARGE (default) or REFUND.</summary>
internal sealed record ChargeRequest(decimal? Amount, string? Currency, string? MerchantName, string? Mcc, string? Type);

internal sealed record ChargeResponse(
    bool Approved,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeclineReason,
    TransactionDto Transaction,
    PurchaseDto Purchase);

internal static class WireValues
{
    public const string StatusActive = "ACTIVE";
    public const string StatusBlocked = "BLOCKED";
    public const string StatusCancelled = "CANCELLED";
    public const string StatusExpired = "EXPIRED";
    public const string StatusExhausted = "EXHAUSTED";

    public const string CancelAlreadyCancelled = "ALREADY_CANCELLED";
    public const string CancelNotFound = "NOT_FOUND";
    public const string CancelFailed = "FAILED";

    public const string UsageSingle = "SINGLE_USE";
    public const string UsageMulti = "MULTI_USE";
    public const string UsageRecurring = "RECURRING";

    public const string ReportPending = "PENDING";
    public const string ReportProcessing = "PROCESSING";
    public const string ReportReady = "READY";
    public const string ReportFailed = "FAILED";
    public const string ReportAuthorization = "AUTHORIZATION";
    public const string ReportClearing = "CLEARING";

    public const string TransactionCharge = "CHARGE";
    public const string TransactionRefund = "REFUND";
    public const string TransactionReversal = "REVERSAL";
    public const string TransactionDecline = "DECLINE";

    public const string HeaderIdempotencyKey = "Idempotency-Key";
    public const string HeaderTaxIdentifier = "X-Tax-Identifier";
}
