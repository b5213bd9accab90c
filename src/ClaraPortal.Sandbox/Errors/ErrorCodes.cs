namespace ClaraPortal.Sandbox.Errors;

/// <summary>
/// Error codes the sandbox answers with. The transport codes are Clara's documented ones; the
/// business codes (422) are the sandbox's own, stable so tests and the portal can rely on them.
/// Clara documents only B013 ("Threshold exceeds company limit"); the sandbox uses it for the
/// template maximum.
///
/// | code | status | meaning                                                                 |
/// | ---- | ------ | ----------------------------------------------------------------------- |
/// | B001 | 422    | amount must be greater than 0                                           |
/// | B002 | 422    | amount has more than 2 decimals                                         |
/// | B003 | 422    | currency not allowed by the template                                    |
/// | B004 | 422    | validFrom is after validTo                                              |
/// | B005 | 422    | validFrom/validTo outside the template's validity window from today     |
/// | B006 | 422    | supplier's MCC not in the template's purchaseTypes                      |
/// | B007 | 422    | required custom field missing or empty                                  |
/// | B008 | 422    | custom field longer than its maxLength                                  |
/// | B009 | 422    | custom field value of the wrong dataType, or not one of the List options|
/// | B010 | 422    | RCN (funding card) is not ACTIVE                                        |
/// | B011 | 422    | RCN available credit is not enough                                      |
/// | B012 | 422    | custom field not defined by the template                                |
/// | B013 | 422    | amount above the template's maxAmount                                   |
/// | B014 | 422    | update: amount below what the card has already spent                    |
/// | B015 | 422    | update: card is CANCELLED, EXPIRED or EXHAUSTED                         |
/// | B016 | 422    | report: from is after to, or the range is longer than 366 days          |
/// | B017 | 422    | reference longer than 50 characters                                     |
/// </summary>
internal static class ErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string IdempotencyConflict = "IDEMPOTENCY_CONFLICT";
    public const string RateLimited = "RATE_LIMITED";
    public const string ServerError = "SERVER_ERROR";
    public const string Unavailable = "UNAVAILABLE";
    public const string NetworkAuthenticationRequired = "NETWORK_AUTHENTICATION_REQUIRED";

    public const string AmountNotPositive = "B001";
    public const string AmountPrecision = "B002";
    public const string CurrencyNotAllowed = "B003";
    public const string ValidFromAfterValidTo = "B004";
    public const string OutsideValidityWindow = "B005";
    public const string MccNotAllowed = "B006";
    public const string CustomFieldRequired = "B007";
    public const string CustomFieldTooLong = "B008";
    public const string CustomFieldWrongType = "B009";
    public const string RcnNotActive = "B010";
    public const string InsufficientCredit = "B011";
    public const string CustomFieldUnknown = "B012";
    public const string AmountAboveMaximum = "B013";
    public const string AmountBelowSpent = "B014";
    public const string CardNotUpdatable = "B015";
    public const string ReportRangeInvalid = "B016";
    public const string ReferenceTooLong = "B017";
}
