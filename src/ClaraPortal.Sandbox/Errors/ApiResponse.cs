using System.Text.Json;
using ClaraPortal.Sandbox.Contract;
using Microsoft.AspNetCore.Http;

namespace ClaraPortal.Sandbox.Errors;

/// <summary>
/// A finished answer: status and the exact JSON bytes. Kept as bytes so an idempotent replay
/// returns the first answer byte for byte, timestamps included.
/// </summary>
internal sealed record ApiResponse(int StatusCode, byte[] Body, IReadOnlyDictionary<string, string>? Headers = null) : IResult
{
    public static ApiResponse Json<T>(int statusCode, T body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, JsonSerializer.SerializeToUtf8Bytes(body, SandboxJson.Options), headers);

    public static ApiResponse Ok<T>(T body) => Json(StatusCodes.Status200OK, body);

    public static ApiResponse Error(int statusCode, string code, string message, DateTimeOffset now,
        IReadOnlyList<FieldIssue>? details = null, IReadOnlyDictionary<string, string>? headers = null) =>
        Json(statusCode, new ErrorBody(code, message, now, details is { Count: > 0 } ? details : null), headers);

    public static ApiResponse Validation(DateTimeOffset now, params FieldIssue[] details) =>
        Error(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "The request is malformed.", now, details);

    public static ApiResponse NotFound(DateTimeOffset now, string message, string field) =>
        Error(StatusCodes.Status404NotFound, ErrorCodes.NotFound, message, now, [new FieldIssue(field, "not found")]);

    /// <summary>422 with the first rule's code and every broken rule in details.</summary>
    public static ApiResponse Business(DateTimeOffset now, IReadOnlyList<RuleViolation> violations) =>
        Error(StatusCodes.Status422UnprocessableEntity, violations[0].Code, violations[0].Message, now,
            [.. violations.Select(v => new FieldIssue(v.Field, v.Issue))]);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        if (Headers is not null)
        {
            foreach (var (name, value) in Headers)
            {
                response.Headers[name] = value;
            }
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, httpContext.RequestAborted);
    }
}

/// <summary>One broken business rule: its code, a human message, and the field it is about.</summary>
internal sealed record RuleViolation(string Code, string Field, string Issue, string Message);
