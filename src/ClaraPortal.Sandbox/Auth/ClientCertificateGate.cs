using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;

namespace ClaraPortal.Sandbox.Auth;

/// <summary>
/// Clara answers 511 when no client certificate came with the TLS handshake. Kestrel lets such a
/// connection in (ClientCertificateMode.AllowCertificate) precisely so this middleware can say so
/// in the contract's error format; a certificate from another CA never gets this far.
/// </summary>
internal sealed class ClientCertificateGate(RequestDelegate next, SandboxClock clock)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.ClientCertificate is null)
        {
            return ApiResponse.Error(StatusCodes.Status511NetworkAuthenticationRequired, Errors.ErrorCodes.NetworkAuthenticationRequired,
                "A client certificate issued by the Clara Sandbox Certificate Authority is required", clock.Now).ExecuteAsync(context);
        }

        return next(context);
    }
}
