using System.Globalization;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;

namespace ClaraPortal.Sandbox.Faults;

/// <summary>
/// Latency, 429 bursts and 500/503 answers, read live from SandboxFaultOptions on every API call,
/// before any work is done (a faulted write changes nothing).
/// </summary>
internal sealed class FaultFilter(SandboxFaultOptions faults, SandboxClock clock) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (faults.LatencyMilliseconds > 0)
        {
            // Wall-clock delay: it exists to exercise client timeouts, which run on real time.
            await Task.Delay(faults.LatencyMilliseconds, http.RequestAborted);
        }

        if (faults.TryTakeRateLimit())
        {
            return ApiResponse.Error(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests", clock.Now,
                headers: RetryAfter());
        }

        if (faults.ServerErrorRate > 0 && Random.Shared.NextDouble() < faults.ServerErrorRate)
        {
            return Random.Shared.Next(2) == 0
                ? ApiResponse.Error(StatusCodes.Status500InternalServerError, ErrorCodes.ServerError, "Internal error (injected)", clock.Now)
                : ApiResponse.Error(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Service unavailable (injected)", clock.Now,
                    headers: RetryAfter());
        }

        return await next(context);
    }

    private Dictionary<string, string> RetryAfter() =>
        new() { ["Retry-After"] = Math.Max(0, faults.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture) };
}
