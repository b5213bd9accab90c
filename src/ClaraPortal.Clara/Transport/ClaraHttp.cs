using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using RestSharp;
using RestSharp.Serializers.Json;

namespace ClaraPortal.Clara;

/// <summary>
/// The HTTP side of the client: one mTLS connection pool for the life of the process, and the retry policies.
/// <para>
/// Why one HttpClient owned here and not IHttpClientFactory: the client certificate is fixed for the process and the
/// token Clara issues is bound to it (RFC 8705), so there is exactly one kind of connection to pool. The factory
/// rotates handlers every two minutes, which would throw away established mTLS connections (the expensive part) for
/// no gain; a SocketsHttpHandler with PooledConnectionLifetime already picks up DNS changes. It also lets tests build
/// the client directly, without a container.
/// </para>
/// </summary>
internal sealed class ClaraHttp : IDisposable
{
    private static readonly HttpRequestError[] NotSentErrors =
    [
        HttpRequestError.NameResolutionError, HttpRequestError.ConnectionError, HttpRequestError.SecureConnectionError,
        HttpRequestError.ProxyTunnelError,
    ];

    private readonly ClaraClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RestClient _rest;
    private readonly X509Certificate2 _clientCertificate;
    private readonly X509Certificate2? _caCertificate;
    private readonly Dictionary<CallKind, ResiliencePipeline<RestResponse>> _pipelines;

    public ClaraHttp(ClaraClientOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _clientCertificate = ClaraCertificates.LoadClientCertificate(options);
        _caCertificate = ClaraCertificates.LoadCaCertificate(options);

        var clientCertificate = _clientCertificate;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                // Always present our certificate, even when the server's list of acceptable issuers does not name its
                // CA: Clara then refuses it in the handshake with a clear error instead of answering 511.
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
                RemoteCertificateValidationCallback = _caCertificate is null ? null : ClaraCertificates.TrustOnly(_caCertificate),
            },
        };

        // Timeouts are per attempt (RestRequest.Timeout), so the HttpClient itself never gives up first.
        var httpClient = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var restOptions = new RestClientOptions(new Uri(options.BaseUrl))
        {
            ThrowOnAnyError = false,
            UserAgent = "ClaraPortal/1.0",
        };
        _rest = new RestClient(httpClient, restOptions, disposeHttpClient: true,
            configureSerialization: s => s.UseSystemTextJson(ClaraJson.Options));

        _pipelines = new()
        {
            [CallKind.Read] = BuildPipeline(CallKind.Read),
            [CallKind.IdempotentWrite] = BuildPipeline(CallKind.IdempotentWrite),
        };

        var baseUrl = options.BaseUrl.TrimEnd('/');
        var notAfter = _clientCertificate.NotAfter.ToUniversalTime();
        var trust = _caCertificate is null ? "system store" : $"only {_caCertificate.Subject}";
        ClaraLog.Created(logger, baseUrl, options.PathPrefix, _clientCertificate.Subject, notAfter, trust);
    }

    /// <summary>When the client certificate stops being valid (Clara issues them for up to 360 days).</summary>
    public DateTimeOffset ClientCertificateNotAfter => new(_clientCertificate.NotAfter.ToUniversalTime());

    /// <summary>Sends the call with retries as its kind allows and returns Clara's last answer (or the last transport failure).</summary>
    public async Task<RestResponse> SendAsync(ClaraCall call, string? bearerToken, string correlationId, WriteAmbiguity ambiguity, CancellationToken cancellationToken)
    {
        var attempt = new AttemptState(this, call, bearerToken, correlationId, ambiguity);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(AttemptState.Key, attempt);
            return await _pipelines[call.Kind].ExecuteAsync(
                static (ctx, state) => state.Owner.AttemptAsync(state, ctx.CancellationToken), context, attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>True when the failure proves the request never reached Clara (no connection or no TLS session).</summary>
    public static bool WasNotSent(RestResponse response) =>
        response.StatusCode == 0 && response.ErrorException is HttpRequestException { HttpRequestError: var error } && NotSentErrors.Contains(error);

    /// <summary>Retry-After in seconds or as an HTTP date.</summary>
    public TimeSpan? RetryAfter(RestResponse response)
    {
        var value = response.Headers?.FirstOrDefault(h => string.Equals(h.Name, "Retry-After", StringComparison.OrdinalIgnoreCase))?.Value?.ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return RetryConditionHeaderValue.TryParse(value, out var parsed) && parsed.Date is { } date
            ? (date - _time.GetUtcNow()) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
            : null;
    }

    public void Dispose()
    {
        _rest.Dispose();
        _clientCertificate.Dispose();
        _caCertificate?.Dispose();
    }

    private async ValueTask<RestResponse> AttemptAsync(AttemptState state, CancellationToken cancellationToken)
    {
        var call = state.Call;
        state.Attempt++;
        var request = new RestRequest(call.Resource, call.Method) { Timeout = _options.RequestTimeout };
        request.AddHeader("X-Correlation-Id", state.CorrelationId);
        if (state.BearerToken is not null)
        {
            request.AddHeader("Authorization", $"Bearer {state.BearerToken}");
        }

        if (!string.IsNullOrEmpty(call.TaxIdentifier))
        {
            request.AddHeader("X-Tax-Identifier", call.TaxIdentifier);
        }

        if (call.IdempotencyKey is not null)
        {
            request.AddHeader("Idempotency-Key", call.IdempotencyKey);
        }

        foreach (var (name, value) in call.Query)
        {
            request.AddQueryParameter(name, value);
        }

        if (call.JsonBody is not null)
        {
            request.AddStringBody(ClaraJson.Serialize(call.JsonBody), DataFormat.Json);
        }

        call.Customize?.Invoke(request);

        var started = _time.GetTimestamp();
        var response = await _rest.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        var elapsedMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
        if (call.Kind != CallKind.Read)
        {
            state.Ambiguity.Observe(response);
        }

        if (response.StatusCode != 0)
        {
            ClaraLog.Answered(_logger, call.MethodName, call.LogPath, (int)response.StatusCode, elapsedMs, state.Attempt, state.CorrelationId);
        }
        else
        {
            ClaraLog.NoAnswer(_logger, call.MethodName, call.LogPath, elapsedMs, Describe(response), state.Attempt, state.CorrelationId);
        }

        return response;
    }

    /// <summary>A failure without an answer, in words that carry no secret (exception type and transport error only).</summary>
    public static string Describe(RestResponse response) => response.ErrorException switch
    {
        HttpRequestException http => $"{response.ResponseStatus} {nameof(HttpRequestException)} ({http.HttpRequestError})",
        { } other => $"{response.ResponseStatus} {other.GetType().Name}",
        null => response.ResponseStatus.ToString(),
    };

    private ResiliencePipeline<RestResponse> BuildPipeline(CallKind kind)
    {
        if (_options.MaxRetries == 0)
        {
            return ResiliencePipeline<RestResponse>.Empty;
        }

        return new ResiliencePipelineBuilder<RestResponse> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<RestResponse>
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response && !args.Context.CancellationToken.IsCancellationRequested && ShouldRetry(response)),
                // Clara's Retry-After wins over our own backoff.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response) : null),
                OnRetry = args =>
                {
                    var state = args.Context.Properties.GetValue(AttemptState.Key, null!);
                    var reason = args.Outcome.Result is { StatusCode: not 0 } answered
                        ? ((int)answered.StatusCode).ToString(CultureInfo.InvariantCulture)
                        : args.Outcome.Result is { } failed ? Describe(failed) : "an exception";
                    ClaraLog.Retrying(_logger, state.Call.MethodName, state.Call.LogPath, (long)args.RetryDelay.TotalMilliseconds, reason,
                        args.AttemptNumber + 1, _options.MaxRetries, state.CorrelationId);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// The retry rules. Reads and writes (which always repeat their Idempotency-Key) retry rate limits, server
    /// errors, timeouts and dropped connections. A bad certificate is never retried: it will not get better.
    /// </summary>
    private bool ShouldRetry(RestResponse response)
    {
        var status = (int)response.StatusCode;
        if (status != 0)
        {
            if (status is 429 or 503 && RetryAfter(response) is { } wait && wait > _options.MaxRetryAfter)
            {
                return false;
            }

            return status is 408 or 429 or 500 or 502 or 503 or 504;
        }

        if (response.ErrorException is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
        {
            return false;
        }

        if (WasNotSent(response))
        {
            return true;
        }

        // Timed out or lost the connection after sending: repeatable, since a repeat carries the same key.
        return response.ResponseStatus == ResponseStatus.TimedOut || response.ErrorException is HttpRequestException;
    }

    private sealed class AttemptState(ClaraHttp owner, ClaraCall call, string? bearerToken, string correlationId, WriteAmbiguity ambiguity)
    {
        public WriteAmbiguity Ambiguity { get; } = ambiguity;

        public static readonly ResiliencePropertyKey<AttemptState> Key = new("ClaraPortal.Clara.Attempt");

        public ClaraHttp Owner { get; } = owner;

        public ClaraCall Call { get; } = call;

        public string? BearerToken { get; } = bearerToken;

        public string CorrelationId { get; } = correlationId;

        public int Attempt { get; set; }
    }
}
