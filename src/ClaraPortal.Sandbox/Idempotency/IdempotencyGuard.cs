using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;

namespace ClaraPortal.Sandbox.Idempotency;

/// <summary>
/// Idempotency-Key the way Stripe does it: the first answer to a key (errors included) is kept for
/// 24 hours of TimeProvider time and returned again, byte for byte, for the same request; the same
/// key with a different request (body or endpoint) is 409 IDEMPOTENCY_CONFLICT. The key is optional;
/// without it every request is new. Keys are per company.
/// </summary>
internal sealed class IdempotencyGuard(SandboxState state, SandboxClock clock)
{
    public const int MaxKeyLength = 80;

    /// <summary>Header on a replayed answer, so clients and fault injection can tell a replay from a fresh write.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public sealed record Outcome(ApiResponse Response, bool Replayed);

    public static ApiResponse? ValidateKey(string? key, DateTimeOffset now) => key switch
    {
        null => null,
        { Length: 0 or > MaxKeyLength } => ApiResponse.Validation(now, new FieldIssue(WireValues.HeaderIdempotencyKey, $"1 to {MaxKeyLength} characters")),
        _ when key.Any(c => c is < '!' or > '~') => ApiResponse.Validation(now, new FieldIssue(WireValues.HeaderIdempotencyKey, "printable ASCII only")),
        _ => null,
    };

    /// <summary>Runs <paramref name="work"/> once per key; check, work and record happen under one lock.</summary>
    public Outcome Run(string? key, string companyTaxId, string operation, byte[] body, Func<ApiResponse> work)
    {
        if (key is null)
        {
            return new(work(), false);
        }

        var scope = $"{companyTaxId}|{key}";
        var fingerprint = Fingerprint(operation, body);
        lock (state.Gate)
        {
            var now = clock.Now;
            RemoveExpired(now);
            if (state.Idempotency.TryGetValue(scope, out var first))
            {
                if (first.Fingerprint != fingerprint)
                {
                    return new(ApiResponse.Error(StatusCodes.Status409Conflict, ErrorCodes.IdempotencyConflict,
                        "This Idempotency-Key was already used with a different request", now,
                        [new FieldIssue(WireValues.HeaderIdempotencyKey, "reused with a different request")]), false);
                }

                return new(new ApiResponse(first.StatusCode, first.Body, new Dictionary<string, string> { [ReplayedHeader] = "true" }), true);
            }

            var response = work();
            var record = new IdempotencyRecord
            {
                Scope = scope,
                Fingerprint = fingerprint,
                StatusCode = response.StatusCode,
                Body = response.Body,
                CreatedAt = now,
            };
            state.Idempotency[scope] = record;
            state.Save(record);
            return new(response, false);
        }
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var expired in state.Idempotency.Values.Where(r => r.CreatedAt + Retention <= now).Select(r => r.Scope).ToList())
        {
            state.Idempotency.Remove(expired);
            state.DeleteIdempotency(expired);
        }
    }

    /// <summary>Endpoint plus the body with insignificant whitespace removed, so a pretty-printed retry still matches.</summary>
    private static string Fingerprint(string operation, byte[] body)
    {
        byte[] canonical;
        try
        {
            canonical = body.Length == 0 ? body : Encoding.UTF8.GetBytes(JsonNode.Parse(body)?.ToJsonString() ?? "null");
        }
        catch (System.Text.Json.JsonException)
        {
            canonical = body; // malformed JSON: compare it as sent
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(operation + "\n"));
        hash.AppendData(canonical);
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
