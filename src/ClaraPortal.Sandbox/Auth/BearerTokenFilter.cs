using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.Hosting;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Sandbox.Auth;

/// <summary>Every API call needs a valid, unexpired Bearer token bound to this connection's client certificate.</summary>
internal sealed class BearerTokenFilter(TokenService tokens, SandboxClock clock, ILogger<BearerTokenFilter> logger) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var certificate = http.Connection.ClientCertificate;
        string? problem;
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length <= Scheme.Length)
        {
            problem = "missing bearer token";
        }
        else if (certificate is null)
        {
            problem = "no client certificate";
        }
        else
        {
            problem = await tokens.ValidateAsync(header[Scheme.Length..].Trim(), certificate);
        }

        if (problem is null)
        {
            return await next(context);
        }

        SandboxLog.Refused(logger, http.Request.Method, http.Request.Path.Value ?? "", problem);
        return ApiResponse.Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, $"Unauthorized: {problem}", clock.Now,
            headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer error=\"invalid_token\"" });
    }
}
