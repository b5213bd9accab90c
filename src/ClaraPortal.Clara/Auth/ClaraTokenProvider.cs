using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RestSharp;

namespace ClaraPortal.Clara;

/// <summary>
/// OAuth 2.0 client credentials against POST {BaseUrl}/oauth/token, cached until shortly before it expires.
/// One request at a time: callers that find no valid token wait on the same gate, and all but the first find the
/// token the first one fetched.
/// </summary>
internal sealed class ClaraTokenProvider(ClaraHttp http, ClaraClientOptions options, ILogger logger, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ClaraCall _tokenCall = new(Method.Post, options.TokenPath.TrimStart('/'), CallKind.Read)
    {
        Customize = request =>
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}"));
            request.AddHeader("Authorization", $"Basic {credentials}");
            request.AddParameter("grant_type", "client_credentials", ParameterType.GetOrPost);
            request.AlwaysMultipartFormData = false;
        },
    };

    private volatile CachedToken? _current;

    /// <summary>A token valid for at least the refresh skew, fetching one only if needed.</summary>
    public ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        return current is not null && current.IsFresh(time.GetUtcNow())
            ? ValueTask.FromResult(current.Value)
            : new ValueTask<string>(RenewAsync(rejected: null, cancellationToken));
    }

    /// <summary>
    /// Fetches a new token unless another caller already replaced <paramref name="rejected"/> (the one Clara
    /// answered 401 to) or, when <paramref name="rejected"/> is null, the cached one is fresh again.
    /// </summary>
    public async Task<string> RenewAsync(string? rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _current;
            if (current is not null && current.Value != rejected && current.IsFresh(time.GetUtcNow()))
            {
                return current.Value;
            }

            _current = null;
            var fetched = await FetchAsync(cancellationToken).ConfigureAwait(false);
            _current = fetched;
            return fetched.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var correlationId = Guid.NewGuid().ToString("N");
        var ambiguity = new WriteAmbiguity();
        var response = await http.SendAsync(_tokenCall, bearerToken: null, correlationId, ambiguity, cancellationToken).ConfigureAwait(false);
        var body = ClaraResponses.EnsureSuccess(http, _tokenCall, response, correlationId, ambiguity, logger, cancellationToken);

        TokenResponse? token;
        try
        {
            token = JsonSerializer.Deserialize<TokenResponse>(body, ClaraJson.Options);
        }
        catch (JsonException ex)
        {
            // The body holds the token: never quote it.
            throw new ClaraApiException((int)response.StatusCode, "INVALID_TOKEN_RESPONSE", "The token endpoint answered something that is not a token.",
                operation: _tokenCall.Operation, correlationId: correlationId, innerException: new JsonException($"{ex.GetType().Name} at {ex.Path}"));
        }

        if (string.IsNullOrEmpty(token?.AccessToken) || token.ExpiresIn is not > 0)
        {
            throw new ClaraApiException((int)response.StatusCode, "INVALID_TOKEN_RESPONSE", "The token endpoint answered without access_token or expires_in.",
                operation: _tokenCall.Operation, correlationId: correlationId);
        }

        var lifetime = TimeSpan.FromSeconds(token.ExpiresIn.Value);
        // A skew longer than the token lives would make every call fetch a new one; renew at mid-life at the latest.
        var skew = options.TokenRefreshSkew < lifetime / 2 ? options.TokenRefreshSkew : lifetime / 2;
        ClaraLog.TokenObtained(logger, token.ExpiresIn.Value);
        return new CachedToken(token.AccessToken, time.GetUtcNow() + lifetime - skew);
    }

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt)
    {
        public bool IsFresh(DateTimeOffset now) => now < RenewAt;

        // Keeps the token out of any accidental ToString().
        public override string ToString() => $"CachedToken {{ RenewAt = {RenewAt:O} }}";
    }
}
