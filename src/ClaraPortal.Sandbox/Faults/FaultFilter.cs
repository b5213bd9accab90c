using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.Hosting;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Sandbox.Faults;

/// <summary>
/// Every injected fault of the VCN API, read live from SandboxFaultOptions on each call. Faults that answer
/// "before work" (429, server errors, a scripted Status) return before the endpoint runs, so the write never
/// happens and nothing is stored under the Idempotency-Key. Faults "after commit" let the endpoint run (the
/// idempotency guard stores the real answer) and then replace, drop or withhold what this caller gets.
/// </summary>
internal sealed class FaultFilter(SandboxFaultOptions faults, SandboxClock clock, IHostApplicationLifetime lifetime,
    ILogger<FaultFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var operation = OperationTag.Of(http);
        if (faults.LatencyMilliseconds > 0)
        {
            // Wall-clock delay: it exists to exercise client timeouts, which run on real time.
            await Task.Delay(faults.LatencyMilliseconds, http.RequestAborted);
        }

        var scripted = faults.TakeScripted(operation);
        if (scripted is { Kind: SandboxFaultKind.Status })
        {
            return FaultResponses.For(scripted.StatusCode, clock.Now, faults.RetryAfterSeconds);
        }

        if (scripted is { Kind: SandboxFaultKind.Malformed })
        {
            return Results.Text(scripted.Body, scripted.ContentType, System.Text.Encoding.UTF8, scripted.StatusCode);
        }

        if (scripted is null)
        {
            if (faults.TryTakeRateLimit())
            {
                return FaultResponses.For(StatusCodes.Status429TooManyRequests, clock.Now, faults.RetryAfterSeconds);
            }

            if (faults.ShouldAnswerServerError())
            {
                return FaultResponses.For(faults.PickServerErrorStatus(), clock.Now, faults.RetryAfterSeconds);
            }
        }

        var result = await next(context);
        var after = scripted ?? ConfiguredAfterCommitFault(operation, result);
        if (after is null)
        {
            return result;
        }

        SandboxLog.FaultAfterCommit(logger, operation, after.ToString(), http.Request.Path.Value ?? "");
        return after.Kind switch
        {
            SandboxFaultKind.StatusAfterCommit => FaultResponses.For(after.StatusCode, clock.Now, faults.RetryAfterSeconds),
            SandboxFaultKind.LostAfterCommit => Lose(http),
            _ => await HoldAsync(http),
        };
    }

    /// <summary>The counters and rates act only on a write that really happened now (2xx, not a replay of an earlier answer).</summary>
    private SandboxFault? ConfiguredAfterCommitFault(SandboxOperation operation, object? result)
    {
        if (operation is SandboxOperation.Read or SandboxOperation.Any
            || result is not ApiResponse { StatusCode: >= 200 and < 300 } response
            || response.Headers?.ContainsKey(Idempotency.IdempotencyGuard.ReplayedHeader) == true)
        {
            return null;
        }

        if (operation is SandboxOperation.Submit or SandboxOperation.Update or SandboxOperation.Cancel && faults.TryTakeTimeoutAfterCommit())
        {
            return SandboxFault.HangAfterCommit;
        }

        return faults.ShouldLoseAnswer() ? SandboxFault.LostAfterCommit : null;
    }

    private static IResult Lose(HttpContext http)
    {
        http.Abort();
        return Results.Empty;
    }

    /// <summary>Holds the request until the client gives up or the server stops, then drops the connection.</summary>
    private async Task<IResult> HoldAsync(HttpContext http)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, hold.Token);
        }
        catch (OperationCanceledException)
        {
        }

        http.Abort();
        return Results.Empty;
    }
}
