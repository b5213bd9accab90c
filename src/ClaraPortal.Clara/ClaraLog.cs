using Microsoft.Extensions.Logging;

namespace ClaraPortal.Clara;

/// <summary>
/// Every log line the client writes. None carries a body, a token, a secret, a card number or a CVV: only the call,
/// its status, its duration and the correlation id sent as X-Correlation-Id.
/// </summary>
internal static partial class ClaraLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Clara {Method} {Path} answered {StatusCode} in {ElapsedMs} ms (attempt {Attempt}, correlation {CorrelationId})")]
    public static partial void Answered(ILogger logger, string method, string path, int statusCode, long elapsedMs, int attempt, string correlationId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Clara {Method} {Path} got no answer after {ElapsedMs} ms: {Failure} (attempt {Attempt}, correlation {CorrelationId})")]
    public static partial void NoAnswer(ILogger logger, string method, string path, long elapsedMs, string failure, int attempt, string correlationId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Retrying Clara {Method} {Path} in {DelayMs} ms after {Reason} (retry {Retry} of {MaxRetries}, correlation {CorrelationId})")]
    public static partial void Retrying(ILogger logger, string method, string path, long delayMs, string reason, int retry, int maxRetries, string correlationId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Clara {Method} {Path} failed with {StatusCode} {Code} (correlation {CorrelationId})")]
    public static partial void Failed(ILogger logger, string method, string path, int statusCode, string? code, string correlationId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error,
        Message = "The outcome of Clara {Method} {Path} is unknown: {Failure} (correlation {CorrelationId}); it must be resolved, not reported as failed")]
    public static partial void OutcomeUnknown(ILogger logger, string method, string path, string failure, string correlationId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "Obtained a Clara access token valid for {ExpiresInSeconds} s")]
    public static partial void TokenObtained(ILogger logger, long expiresInSeconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Clara rejected the access token on {Method} {Path}; fetching a new one and retrying once (correlation {CorrelationId})")]
    public static partial void TokenRejected(ILogger logger, string method, string path, string correlationId);

    [LoggerMessage(EventId = 20, Level = LogLevel.Critical,
        Message = "Clara answered 511 to {Method} {Path}: no client certificate reached it. Check Clara:ClientCertificatePath (correlation {CorrelationId})")]
    public static partial void ClientCertificateMissing(ILogger logger, string method, string path, string correlationId);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error,
        Message = "Clara refused the client on {Method} {Path} with {StatusCode} {Code}: a configuration problem, not retried (correlation {CorrelationId})")]
    public static partial void Refused(ILogger logger, string method, string path, int statusCode, string? code, string correlationId);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information,
        Message = "Clara client for {BaseUrl}{PathPrefix} uses certificate {Subject} valid until {NotAfter:u}; server trust: {Trust}")]
    public static partial void Created(ILogger logger, string baseUrl, string pathPrefix, string subject, DateTime notAfter, string trust);
}
