using System.Globalization;
using ClaraPortal.Sandbox.Errors;
using Microsoft.AspNetCore.Http;

namespace ClaraPortal.Sandbox.Faults;

/// <summary>The error body an injected status answers with, in the contract's format.</summary>
internal static class FaultResponses
{
    public static ApiResponse For(int status, DateTimeOffset now, int retryAfterSeconds)
    {
        var (code, message) = status switch
        {
            StatusCodes.Status429TooManyRequests => (ErrorCodes.RateLimited, "Too many requests"),
            StatusCodes.Status500InternalServerError => (ErrorCodes.ServerError, "Internal error (injected)"),
            StatusCodes.Status502BadGateway => (ErrorCodes.ServerError, "Bad gateway"),
            StatusCodes.Status503ServiceUnavailable => (ErrorCodes.Unavailable, "Service unavailable (injected)"),
            StatusCodes.Status504GatewayTimeout => (ErrorCodes.ServerError, "Gateway timeout"),
            StatusCodes.Status400BadRequest => (ErrorCodes.ValidationError, "The request is malformed (injected)"),
            StatusCodes.Status401Unauthorized => (ErrorCodes.Unauthorized, "Unauthorized (injected)"),
            StatusCodes.Status403Forbidden => (ErrorCodes.Forbidden, "Forbidden (injected)"),
            StatusCodes.Status404NotFound => (ErrorCodes.NotFound, "Not found (injected)"),
            StatusCodes.Status409Conflict => (ErrorCodes.IdempotencyConflict, "Conflict (injected)"),
            >= 500 => (ErrorCodes.ServerError, "Server error (injected)"),
            _ => (ErrorCodes.ValidationError, "Request refused (injected)"),
        };

        // 429 and 503 say "Clara did not act, come back later": both carry Retry-After like the real ones.
        var headers = status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable
            ? new Dictionary<string, string> { ["Retry-After"] = Math.Max(0, retryAfterSeconds).ToString(CultureInfo.InvariantCulture) }
            : null;
        return ApiResponse.Error(status, code, message, now, headers: headers);
    }
}
