using System.Globalization;
using System.Text;

namespace ClaraPortal.Clara;

/// <summary>A field Clara rejected, e.g. ("amount", "must be &lt;= 50000.00"): shown next to the field.</summary>
public sealed record ClaraFieldError(string Field, string Issue);

/// <summary>
/// Clara answered with an error status. <see cref="Code"/> and <see cref="ClaraMessage"/> come from the error body
/// (VALIDATION_ERROR, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, IDEMPOTENCY_CONFLICT, business codes such as B013,
/// RATE_LIMITED, SERVER_ERROR, UNAVAILABLE, NETWORK_AUTHENTICATION_REQUIRED).
/// </summary>
public sealed class ClaraApiException : Exception
{
    public ClaraApiException()
        : this("Clara answered with an error.")
    {
    }

    public ClaraApiException(string message)
        : base(message)
    {
    }

    public ClaraApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClaraApiException(
        int statusCode,
        string? code,
        string? claraMessage,
        IReadOnlyList<ClaraFieldError>? details = null,
        TimeSpan? retryAfter = null,
        DateTimeOffset? timestamp = null,
        string? operation = null,
        string? correlationId = null,
        Exception? innerException = null)
        : base(Describe(statusCode, code, claraMessage, details, operation), innerException)
    {
        StatusCode = statusCode;
        Code = code;
        ClaraMessage = claraMessage;
        Details = details ?? [];
        RetryAfter = retryAfter;
        Timestamp = timestamp;
        Operation = operation;
        CorrelationId = correlationId;
    }

    /// <summary>HTTP status of Clara's answer.</summary>
    public int StatusCode { get; }

    /// <summary>Clara's error code, e.g. NOT_FOUND or B013.</summary>
    public string? Code { get; }

    /// <summary>Clara's own message, meant for people.</summary>
    public string? ClaraMessage { get; }

    /// <summary>Per-field problems (422 and 400), empty when Clara sent none.</summary>
    public IReadOnlyList<ClaraFieldError> Details { get; } = [];

    /// <summary>How long Clara asked us to wait (429, 503), when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    public DateTimeOffset? Timestamp { get; }

    /// <summary>The call, e.g. "POST /v1/vcn/submit".</summary>
    public string? Operation { get; }

    /// <summary>The X-Correlation-Id this client sent, to find the call in the logs.</summary>
    public string? CorrelationId { get; }

    public bool IsRetryable => StatusCode is 429 or 500 or 502 or 503 or 504;

    /// <summary>
    /// An answer about the request itself (malformed, unknown id, a business rule): Clara did not act, and an idempotent
    /// replay returns it as the first answer. Every other error says nothing about an earlier attempt of the same write.
    /// </summary>
    public bool IsAboutTheRequest => IsAnswerAboutTheRequest(StatusCode);

    public static bool IsAnswerAboutTheRequest(int statusCode) => statusCode is 400 or 404 or 422;

    private static string Describe(int statusCode, string? code, string? claraMessage, IReadOnlyList<ClaraFieldError>? details, string? operation)
    {
        var text = new StringBuilder("Clara answered ").Append(statusCode.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(code))
        {
            text.Append(' ').Append(code);
        }

        if (!string.IsNullOrEmpty(operation))
        {
            text.Append(" to ").Append(operation);
        }

        if (!string.IsNullOrEmpty(claraMessage))
        {
            text.Append(": ").Append(claraMessage);
        }

        if (details is { Count: > 0 })
        {
            text.Append(" (").AppendJoin("; ", details.Select(d => $"{d.Field}: {d.Issue}")).Append(')');
        }

        return text.ToString();
    }
}

/// <summary>
/// A write whose outcome is unknown: the request was (or may have been) sent, then the answer never came (timeout,
/// dropped connection, gateway error). Clara may well have done it. This is NOT a failure: for a submit, send the same
/// request again with the same <see cref="IdempotencyKey"/> to learn the outcome without creating a second card; for
/// other writes, read the purchase to see its state.
/// </summary>
public sealed class ClaraOutcomeUnknownException : Exception
{
    public ClaraOutcomeUnknownException()
        : this("The outcome of a Clara call is unknown.")
    {
    }

    public ClaraOutcomeUnknownException(string message)
        : base(message)
    {
    }

    public ClaraOutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClaraOutcomeUnknownException(string? idempotencyKey, string operation, string? correlationId, Exception? innerException)
        : base(
            $"The outcome of Clara {operation} is unknown: the request may have been carried out but no usable answer arrived"
            + (idempotencyKey is null ? ". Read the purchase to learn its state." : ". Replay it with the same Idempotency-Key to learn the outcome."),
            innerException)
    {
        IdempotencyKey = idempotencyKey;
        Operation = operation;
        CorrelationId = correlationId;
    }

    /// <summary>The key the submit used; replaying with it is safe. Null for writes without one.</summary>
    public string? IdempotencyKey { get; }

    public string? Operation { get; }

    public string? CorrelationId { get; }
}
