using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Sandbox.Auth;

/// <summary>POST /oauth/token: OAuth 2.0 client credentials with HTTP Basic client authentication.</summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> IssueAsync(HttpContext context, TokenService tokens, SandboxOptions options, SandboxClock clock,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TokenEndpoint));
        if (!TryReadBasic(context.Request.Headers.Authorization.ToString(), out var clientId, out var secret)
            || !FixedTimeEquals(clientId, options.ClientId) || !FixedTimeEquals(secret, options.ClientSecret))
        {
            Hosting.SandboxLog.TokenRefused(logger, "bad client credentials");
            return Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "invalid_client", "Invalid client credentials", clock,
                new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"clara-sandbox\"" });
        }

        if (!context.Request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "invalid_request",
                "Send grant_type=client_credentials as application/x-www-form-urlencoded", clock);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"].ToString() != "client_credentials")
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "unsupported_grant_type",
                "grant_type must be client_credentials", clock);
        }

        // The gate already refused connections without a certificate; the token is bound to this one.
        var certificate = context.Connection.ClientCertificate!;
        var (token, expiresIn) = tokens.Issue(clientId, certificate);
        context.Response.Headers.CacheControl = "no-store";
        return ApiResponse.Ok(new TokenResponse(token, "Bearer", expiresIn));
    }

    private static ApiResponse Error(int status, string code, string oauthError, string message, SandboxClock clock,
        IReadOnlyDictionary<string, string>? headers = null) =>
        ApiResponse.Json(status, new TokenErrorBody(code, message, clock.Now, oauthError), headers);

    private static bool TryReadBasic(string header, out string clientId, out string secret)
    {
        clientId = secret = "";
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            // RFC 6749 2.3.1: client id and secret are form-urlencoded before Basic encoding.
            clientId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
