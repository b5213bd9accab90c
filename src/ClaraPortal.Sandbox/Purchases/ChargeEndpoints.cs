using ClaraPortal.Sandbox.Auth;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Idempotency;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClaraPortal.Sandbox.Purchases;

/// <summary>Sandbox-only: POST /sandbox/v1/vcn/{purchaseId}/charges simulates a merchant charge or refund.</summary>
internal static class ChargeEndpoints
{
    public static void MapCharges(this IEndpointRouteBuilder sandbox) =>
        sandbox.MapPost("/{purchaseId:long}/charges", ChargeAsync);

    private static async Task<IResult> ChargeAsync(long purchaseId, HttpContext context, ChargeService charges,
        IdempotencyGuard idempotency, SandboxClock clock)
    {
        var company = context.Company();
        return (await PurchaseEndpoints.WriteAsync<ChargeRequest>(context, idempotency, clock, $"charge {purchaseId}",
            request => charges.Charge(company, purchaseId, request))).Response;
    }
}
