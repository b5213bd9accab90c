using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RestSharp;

namespace ClaraPortal.Clara;

/// <summary>Turns Clara's last answer into a body, a typed exception, or an "outcome unknown".</summary>
internal static class ClaraResponses
{
    /// <summary>The body of a 2xx answer; throws for everything else.</summary>
    public static string EnsureSuccess(
        ClaraHttp http, ClaraCall call, RestResponse response, string correlationId, WriteAmbiguity ambiguity, ILogger logger, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status == 0)
        {
            var noAnswer = NoAnswer(call, response, correlationId, logger, cancellationToken);
            if (call.Kind != CallKind.Read && ambiguity.MayHaveActed && noAnswer is not (ClaraOutcomeUnknownException or OperationCanceledException))
            {
                // This attempt never left, but an earlier one may have been carried out.
                throw StillUnknown(call, correlationId, logger, ClaraHttp.Describe(response), noAnswer);
            }

            throw noAnswer;
        }

        if (status is >= 200 and < 300)
        {
            return response.Content ?? "";
        }

        var error = ToApiException(http, call, response, correlationId);
        switch (status)
        {
            case 511:
                ClaraLog.ClientCertificateMissing(logger, call.MethodName, call.LogPath, correlationId);
                break;
            case 401 or 403:
                ClaraLog.Refused(logger, call.MethodName, call.LogPath, status, error.Code, correlationId);
                break;
            default:
                ClaraLog.Failed(logger, call.MethodName, call.LogPath, status, error.Code, correlationId);
                break;
        }

        // A gateway or server error after a write was sent says nothing about whether Clara acted on it, and neither
        // does a refusal (429, 503, 401/403) that follows an attempt which may have acted.
        if (call.Kind != CallKind.Read && (status is 500 or 502 or 504 || (ambiguity.MayHaveActed && !WriteAmbiguity.IsDefinitive(status))))
        {
            throw StillUnknown(call, correlationId, logger, $"answered {status}", error);
        }

        throw error;
    }

    /// <summary>The write's outcome is unknown: say so in the log and as the exception the caller must handle.</summary>
    public static ClaraOutcomeUnknownException StillUnknown(ClaraCall call, string correlationId, ILogger logger, string why, Exception? inner)
    {
        ClaraLog.OutcomeUnknown(logger, call.MethodName, call.LogPath, why, correlationId);
        return new ClaraOutcomeUnknownException(call.IdempotencyKey, call.Operation, correlationId, inner);
    }

    /// <summary>Reads a 2xx body as <typeparamref name="T"/>; a body we cannot read after a write leaves its outcome unknown.</summary>
    public static T Read<T>(ClaraCall call, string body, int status, string correlationId, ILogger logger)
    {
        try
        {
            var answer = ClaraJson.Deserialize<T>(body);
            if (answer is IClaraAnswer { MissingMember: { } missing })
            {
                throw new JsonException($"Clara's answer has no {missing}.");
            }

            return answer;
        }
        catch (JsonException ex)
        {
            // JsonException names the path, never the value, so it carries no card data.
            var error = new ClaraApiException(status, "INVALID_RESPONSE", $"Clara's answer could not be read as {typeof(T).Name}.",
                operation: call.Operation, correlationId: correlationId, innerException: ex);
            if (call.Kind == CallKind.Read)
            {
                throw error;
            }

            ClaraLog.OutcomeUnknown(logger, call.MethodName, call.LogPath, "unreadable answer", correlationId);
            throw new ClaraOutcomeUnknownException(call.IdempotencyKey, call.Operation, correlationId, error);
        }
    }

    private static Exception NoAnswer(ClaraCall call, RestResponse response, string correlationId, ILogger logger, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up. For a submit the caller must treat this like an unknown outcome and replay the key.
            return new OperationCanceledException("The Clara call was cancelled by the caller.", response.ErrorException, cancellationToken);
        }

        var timedOut = response.ResponseStatus == ResponseStatus.TimedOut;
        if (call.Kind == CallKind.Read || ClaraHttp.WasNotSent(response))
        {
            if (timedOut)
            {
                return new TimeoutException($"Clara did not answer {call.Operation} in time.", response.ErrorException);
            }

            if (response.ErrorException is { } transport)
            {
                // The original HttpRequestException (with its AuthenticationException for a refused handshake).
                ExceptionDispatchInfo.Throw(transport);
            }

            return new HttpRequestException($"Clara {call.Operation} failed without an answer ({response.ResponseStatus}).");
        }

        ClaraLog.OutcomeUnknown(logger, call.MethodName, call.LogPath, ClaraHttp.Describe(response), correlationId);
        return new ClaraOutcomeUnknownException(call.IdempotencyKey, call.Operation, correlationId, response.ErrorException);
    }

    private static ClaraApiException ToApiException(ClaraHttp http, ClaraCall call, RestResponse response, string correlationId)
    {
        ClaraErrorBody? body = null;
        if (!string.IsNullOrWhiteSpace(response.Content) && response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != false)
        {
            try
            {
                body = JsonSerializer.Deserialize<ClaraErrorBody>(response.Content, ClaraJson.Options);
            }
            catch (JsonException)
            {
                // Proxies and load balancers answer HTML or plain text; the status alone still says what happened.
            }
        }

        return new ClaraApiException(
            (int)response.StatusCode,
            body?.Code ?? DefaultCode(response.StatusCode),
            body?.Message ?? response.StatusDescription,
            body?.Details,
            http.RetryAfter(response),
            body?.Timestamp,
            call.Operation,
            correlationId);
    }

    private static string DefaultCode(HttpStatusCode status) => (int)status switch
    {
        400 => "VALIDATION_ERROR",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        409 => "IDEMPOTENCY_CONFLICT",
        429 => "RATE_LIMITED",
        503 => "UNAVAILABLE",
        511 => "NETWORK_AUTHENTICATION_REQUIRED",
        >= 500 => "SERVER_ERROR",
        _ => "HTTP_" + (int)status,
    };
}
