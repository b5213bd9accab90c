using System.Text.Json;
using ClaraPortal.Sandbox.Errors;
using Microsoft.AspNetCore.Http;

namespace ClaraPortal.Sandbox.Contract;

/// <summary>A request body read once: its raw bytes (for idempotency) and the parsed value or a 400.</summary>
internal sealed record RequestBody<T>(byte[] Raw, T? Value, ApiResponse? Error)
    where T : class
{
    private const int MaxBodyBytes = 256 * 1024;

    public static async Task<byte[]> ReadRawAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    public static RequestBody<T> Parse(byte[] raw, DateTimeOffset now)
    {
        if (raw.Length == 0)
        {
            return new(raw, null, ApiResponse.Validation(now, new FieldIssue("body", "a JSON body is required")));
        }

        if (raw.Length > MaxBodyBytes)
        {
            return new(raw, null, ApiResponse.Validation(now, new FieldIssue("body", "larger than 256 KB")));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(raw, SandboxJson.Options);
            return value is null
                ? new(raw, null, ApiResponse.Validation(now, new FieldIssue("body", "must be a JSON object")))
                : new(raw, value, null);
        }
        catch (JsonException exception)
        {
            // The path says which member had the wrong type (for example "$.amount"); the message
            // never echoes the body, which may hold secrets.
            var field = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "body" : exception.Path.TrimStart('$', '.');
            return new(raw, null, ApiResponse.Validation(now, new FieldIssue(field, "malformed JSON or wrong type")));
        }
    }
}
