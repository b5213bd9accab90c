using ClaraPortal.Sandbox.Auth;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.Hosting;
using ClaraPortal.Sandbox.Idempotency;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Sandbox.Purchases;

/// <summary>submit (alias card), {purchaseId}/update, cancel and {purchaseId} under a VCN API prefix.</summary>
internal static class PurchaseEndpoints
{
    public static void MapPurchases(this IEndpointRouteBuilder api)
    {
        api.MapPost("/submit", SubmitAsync);
        // One page of Clara's guide calls the same operation /card; serve both so the client's SubmitPath option can be exercised.
        api.MapPost("/card", SubmitAsync);
        api.MapPost("/{purchaseId:long}/update", UpdateAsync);
        api.MapPost("/cancel", CancelAsync);
        api.MapGet("/{purchaseId:long}", Get);
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, PurchaseService purchases, IdempotencyGuard idempotency,
        SandboxFaultOptions faults, SandboxClock clock, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var company = context.Company();
        var outcome = await WriteAsync<SubmitRequest>(context, idempotency, clock, "submit",
            request => purchases.Submit(company, request));
        if (!outcome.Replayed && outcome.Response.StatusCode == StatusCodes.Status201Created && faults.TryTakeTimeoutAfterCommit())
        {
            // The card exists and the idempotent answer is stored, but this client never hears of it:
            // only a retry with the same Idempotency-Key tells it which card it got.
            SandboxLog.HoldingCommittedSubmit(loggers.CreateLogger(typeof(PurchaseEndpoints)), PurchaseIdOf(outcome.Response));
            using var hold = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, hold.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return Results.Empty;
            }
        }

        return outcome.Response;
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

    private static long PurchaseIdOf(ApiResponse response)
    {
        using var document = System.Text.Json.JsonDocument.Parse(response.Body);
        return document.RootElement.GetProperty("purchaseId").GetInt64();
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
