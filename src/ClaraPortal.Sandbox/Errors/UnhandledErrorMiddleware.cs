using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Sandbox.Errors;

/// <summary>A bug in the sandbox still answers in the contract's format (500 SERVER_ERROR), and is logged.</summary>
internal sealed class UnhandledErrorMiddleware(RequestDelegate next, SandboxClock clock, ILogger<UnhandledErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            Hosting.SandboxLog.Unhandled(logger, exception, context.Request.Method, context.Request.Path.Value ?? "");
            await ApiResponse.Error(StatusCodes.Status500InternalServerError, ErrorCodes.ServerError, "Internal sandbox error", clock.Now)
                .ExecuteAsync(context);
        }
    }
}
