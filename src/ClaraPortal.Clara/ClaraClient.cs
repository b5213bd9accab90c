using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RestSharp;

namespace ClaraPortal.Clara;

/// <summary>
/// Typed client for Clara's VCN API over mutual TLS and OAuth client credentials. Build it once per process
/// (<see cref="ClaraServiceCollectionExtensions.AddClaraClient"/>, or directly in tests) and dispose it at the end.
/// </summary>
public sealed class ClaraClient : IClaraClient, IDisposable
{
    public const int MaxIdempotencyKeyLength = 80;
    public const int MaxCancelBatch = 50;
    public const int MaxReportPageRows = 100;

    private readonly ILogger _logger;
    private readonly ClaraHttp _http;
    private readonly ClaraTokenProvider _tokens;
    private readonly string _vcnRoot;
    private readonly string _submitResource;
    private readonly string? _taxIdentifier;
    private readonly bool _ownsTransport;

    /// <summary>Validates <paramref name="options"/> (throws OptionsValidationException) and loads the certificates.</summary>
    public ClaraClient(ClaraClientOptions options, ILogger<ClaraClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _ownsTransport = true;
        _taxIdentifier = options.TaxIdentifier;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        _http = new ClaraHttp(options, _logger, time);
        _tokens = new ClaraTokenProvider(_http, options, _logger, time);
        var prefix = options.PathPrefix.Trim('/');
        _vcnRoot = prefix.Length == 0 ? "v1/vcn" : $"{prefix}/v1/vcn";
        _submitResource = prefix.Length == 0 ? options.SubmitPath.TrimStart('/') : $"{prefix}/{options.SubmitPath.TrimStart('/')}";
    }

    /// <summary>A view that acts for another company of the group: shares connections and token.</summary>
    private ClaraClient(ClaraClient parent, string? taxIdentifier)
    {
        _logger = parent._logger;
        _http = parent._http;
        _tokens = parent._tokens;
        _vcnRoot = parent._vcnRoot;
        _submitResource = parent._submitResource;
        _taxIdentifier = taxIdentifier;
        _ownsTransport = false;
    }

    /// <summary>The RFC sent as X-Tax-Identifier, or null when calls act for the company owning the credentials.</summary>
    public string? TaxIdentifier => _taxIdentifier;

    /// <summary>When the configured client certificate expires: the portal warns 30 days ahead.</summary>
    public DateTimeOffset ClientCertificateNotAfter => _http.ClientCertificateNotAfter;

    /// <summary>
    /// The same client acting for the subsidiary <paramref name="taxIdentifier"/> (its RFC, sent as X-Tax-Identifier),
    /// or for the credentials' owner when null. Shares this client's connections and token; dispose only this client.
    /// </summary>
    public IClaraClient ForTaxIdentifier(string? taxIdentifier)
    {
        if (taxIdentifier is not null && (taxIdentifier.Length is 0 or > 20 || !taxIdentifier.All(char.IsAsciiLetterOrDigit)))
        {
            throw new ArgumentException("A tax identifier (RFC) is letters and digits.", nameof(taxIdentifier));
        }

        return new ClaraClient(this, taxIdentifier);
    }

    public async Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default)
    {
        var call = new ClaraCall(Method.Get, _vcnRoot, CallKind.Read)
        {
            Query = [new("companyDetail", detail.ToString().ToUpperInvariant())],
        };
        var catalog = await ExecuteAsync<ClaraCatalog>(call, ct).ConfigureAwait(false);
        if (catalog.MissingPart(detail) is { } missing)
        {
            // Not an empty catalog: a list asked for and not answered at all would read as "everything was removed".
            throw new ClaraApiException(200, "INVALID_RESPONSE", $"Clara's catalog answer has no {missing}.", operation: call.Operation);
        }

        return catalog;
    }

    public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateIdempotencyKey(idempotencyKey);
        var call = new ClaraCall(Method.Post, _submitResource, CallKind.IdempotentWrite)
        {
            JsonBody = request,
            IdempotencyKey = idempotencyKey,
        };
        return ExecuteAsync<IssuedCard>(call, ct);
    }

    public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is { Amount: null, SupplierId: null, ValidTo: null })
        {
            throw new ArgumentException("An update needs an amount, a supplier or an end date.", nameof(request));
        }

        var id = purchaseId.ToString(CultureInfo.InvariantCulture);
        var call = new ClaraCall(Method.Post, $"{_vcnRoot}/{id}/update", CallKind.IdempotentWrite)
        {
            JsonBody = request,
            IdempotencyKey = KeyOrNew(idempotencyKey),
        };
        return ExecuteAsync<Purchase>(call, ct);
    }

    public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(purchaseIds);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (purchaseIds.Count is 0 or > MaxCancelBatch)
        {
            // Clara answers 400 to more than 50; failing here names the real limit and costs no call.
            throw new ArgumentOutOfRangeException(nameof(purchaseIds), purchaseIds.Count,
                $"Clara cancels 1 to {MaxCancelBatch} purchases per call; split the list.");
        }

        var call = new ClaraCall(Method.Post, $"{_vcnRoot}/cancel", CallKind.IdempotentWrite)
        {
            JsonBody = new CancelPurchasesBody(purchaseIds, reason),
            IdempotencyKey = KeyOrNew(idempotencyKey),
        };
        return ExecuteAsync<CancelPurchasesResult>(call, ct);
    }

    public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Type, nameof(request));
        if (request.From > request.To)
        {
            throw new ArgumentException("A report's From date must not be after its To date.", nameof(request));
        }

        var call = new ClaraCall(Method.Post, $"{_vcnRoot}/report", CallKind.IdempotentWrite)
        {
            JsonBody = request,
            IdempotencyKey = KeyOrNew(idempotencyKey),
        };
        return ExecuteAsync<ReportStarted>(call, ct);
    }

    public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toRow, fromRow);
        if (toRow - fromRow + 1 > MaxReportPageRows)
        {
            throw new ArgumentOutOfRangeException(nameof(toRow), toRow, $"Clara returns at most {MaxReportPageRows} report rows per call.");
        }

        var call = new ClaraCall(Method.Get, $"{_vcnRoot}/report", CallKind.Read)
        {
            Query =
            [
                new("reportId", reportId.ToString(CultureInfo.InvariantCulture)),
                new("from", fromRow.ToString(CultureInfo.InvariantCulture)),
                new("to", toRow.ToString(CultureInfo.InvariantCulture)),
            ],
        };
        return ExecuteAsync<ReportPage>(call, ct);
    }

    public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default)
    {
        var id = purchaseId.ToString(CultureInfo.InvariantCulture);
        var call = new ClaraCall(Method.Get, $"{_vcnRoot}/{id}", CallKind.Read)
        {
            Query = reveal ? [new("reveal", "true")] : [],
        };
        return ExecuteAsync<PurchaseDetails>(call, ct);
    }

    public void Dispose()
    {
        if (_ownsTransport)
        {
            _tokens.Dispose();
            _http.Dispose();
        }
    }

    /// <summary>The caller's recorded key, or a fresh one: without any key even this call's own retries could act twice.</summary>
    private static string KeyOrNew(string? idempotencyKey)
    {
        if (idempotencyKey is null)
        {
            return Guid.NewGuid().ToString("N");
        }

        ValidateIdempotencyKey(idempotencyKey);
        return idempotencyKey;
    }

    private static void ValidateIdempotencyKey(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new ArgumentException($"An Idempotency-Key has at most {MaxIdempotencyKeyLength} characters.", nameof(idempotencyKey));
        }

        if (!idempotencyKey.All(c => c is > ' ' and < '\u007f'))
        {
            throw new ArgumentException("An Idempotency-Key is printable ASCII without spaces (a GUID works).", nameof(idempotencyKey));
        }
    }

    private async Task<T> ExecuteAsync<T>(ClaraCall call, CancellationToken ct)
    {
        call = call with { TaxIdentifier = _taxIdentifier };
        var correlationId = Guid.NewGuid().ToString("N");
        var ambiguity = new WriteAmbiguity();
        var token = await _tokens.GetAsync(ct).ConfigureAwait(false);
        var response = await _http.SendAsync(call, token, correlationId, ambiguity, ct).ConfigureAwait(false);
        if ((int)response.StatusCode == 401)
        {
            // Expired early, revoked, or issued before a certificate change: one new token, one more try.
            ClaraLog.TokenRejected(_logger, call.MethodName, call.LogPath, correlationId);
            try
            {
                token = await _tokens.RenewAsync(token, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ambiguity.MayHaveActed && ex is not OperationCanceledException)
            {
                // An earlier attempt may have been carried out; failing to get a token says nothing about it.
                throw ClaraResponses.StillUnknown(call, correlationId, _logger, "token renewal failed", ex);
            }

            response = await _http.SendAsync(call, token, correlationId, ambiguity, ct).ConfigureAwait(false);
        }

        var body = ClaraResponses.EnsureSuccess(_http, call, response, correlationId, ambiguity, _logger, ct);
        return ClaraResponses.Read<T>(call, body, (int)response.StatusCode, correlationId, _logger);
    }
}
