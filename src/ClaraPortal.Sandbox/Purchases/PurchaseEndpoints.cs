using ClaraPortal.Sandbox.Auth;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.Faults;
using ClaraPortal.Sandbox.Idempotency;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClaraPortal.Sandbox.Purchases;

/// <summary>submit (alias card), {purchaseId}/update, cancel and {purchaseId} under a VCN API prefix.</summary>
internal static class PurchaseEndpoints
{
    public static void MapPurchases(this IEndpointRouteBuilder api)
    {
        api.MapPost("/submit", SubmitAsync).Is(SandboxOperation.Submit);
        // One page of Clara's guide calls the same operation /card; serve both so the client's SubmitPath option can be exercised.
        api.MapPost("/card", SubmitAsync).Is(SandboxOperation.Submit);
        api.MapPost("/{purchaseId:long}/update", UpdateAsync).Is(SandboxOperation.Update);
        api.MapPost("/cancel", CancelAsync).Is(SandboxOperation.Cancel);
        api.MapGet("/{purchaseId:long}", Get).Is(SandboxOperation.Read);
    }

    // Faults after commit (a lost or withheld answer) are FaultFilter's: the endpoints only do the work.
    private static async Task<IResult> SubmitAsync(HttpContext context, PurchaseService purchases, IdempotencyGuard idempotency,
        SandboxClock clock)
    {
        var company = context.Company();
        return (await WriteAsync<SubmitRequest>(context, idempotency, clock, "submit",
            request => purchases.Submit(company, request))).Response;
    }

    private static async Task<IResult> UpdateAsync(long purchaseId, HttpContext context, PurchaseService purchases,
        IdempotencyGuard idempotency, SandboxClock clock)
    {
        var company = context.Company();
        return (await WriteAsync<UpdateRequest>(context, idempotency, clock, $"update {purchaseId}",
            request => purchases.Update(company, purchaseId, request))).Response;
    }

    private static async Task<IResult> CancelAsync(HttpContext context, PurchaseService purchases, IdempotencyGuard idempotency,
        SandboxClock clock)
    {
        var company = context.Company();
        return (await WriteAsync<CancelRequest>(context, idempotency, clock, "cancel",
            request => purchases.Cancel(company, request))).Response;
    }

    private static ApiResponse Get(long purchaseId, HttpContext context, PurchaseService purchases, SandboxClock clock)
    {
        var reveal = context.Request.Query["reveal"].ToString();
        if (reveal.Length > 0 && !bool.TryParse(reveal, out _))
        {
            return ApiResponse.Validation(clock.Now, new FieldIssue("reveal", "true or false"));
        }

        return purchases.Get(context.Company(), purchaseId, reveal.Length > 0 && bool.Parse(reveal));
    }

    /// <summary>Reads the body once, checks the Idempotency-Key and runs the write through the guard.</summary>
    internal static async Task<IdempotencyGuard.Outcome> WriteAsync<T>(HttpContext context, IdempotencyGuard idempotency,
        SandboxClock clock, string operation, Func<T, ApiResponse> write)
        where T : class
    {
        var key = context.Request.Headers.TryGetValue(WireValues.HeaderIdempotencyKey, out var values) ? values.ToString() : null;
        if (IdempotencyGuard.ValidateKey(key, clock.Now) is { } badKey)
        {
            return new(badKey, false);
        }

        var raw = await RequestBody<T>.ReadRawAsync(context);
        return idempotency.Run(key, context.Company().TaxId, operation, raw, () =>
        {
            var body = RequestBody<T>.Parse(raw, clock.Now);
            return body.Error ?? write(body.Value!);
        });
    }
}
