using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ClaraPortal.Clara;
using ClaraPortal.Web.Features.Companies;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// The sandbox's charge endpoint (<c>POST /sandbox/v1/vcn/{purchaseId}/charges</c>, not part of Clara's API, so not in
/// the typed client): a merchant charging a card, over the same mutual TLS and bound token as every Clara call.
/// </summary>
internal sealed class SandboxCharges : IDisposable
{
    private readonly ClaraClientOptions _options;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private string? _token;

    public SandboxCharges(IOptions<ClaraClientOptions> options)
    {
        _options = options.Value;
        var handler = new SocketsHttpHandler();
        var certificate = ClaraCertificates.LoadClientCertificate(_options);
        handler.SslOptions.ClientCertificates = [certificate];
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        if (ClaraCertificates.LoadCaCertificate(_options) is { } ca)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ClaraCertificates.TrustOnly(ca);
        }

        _http = new HttpClient(handler) { BaseAddress = new Uri(_options.BaseUrl.TrimEnd('/') + "/"), Timeout = _options.RequestTimeout };
    }

    /// <summary>True when the card's rules approved it (a declined charge is an answer too, recorded by the sandbox as DECLINE).</summary>
    public async Task<bool> ChargeAsync(PortalCompany company, long purchaseId, decimal amount, string currency, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"sandbox/v1/vcn/{purchaseId}/charges")
            {
                Content = JsonContent.Create(new { amount, currency }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(renew: attempt > 1, ct));
            if (company.HeaderValue is { } rfc)
            {
                request.Headers.Add("X-Tax-Identifier", rfc);
            }

            using var response = await _http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
            {
                continue; // the token ran out: one new one
            }

            response.EnsureSuccessStatusCode();
            var answer = await response.Content.ReadFromJsonAsync<ChargeAnswer>(ct);
            return answer?.Approved == true;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _tokenGate.Dispose();
    }

    private async Task<string> TokenAsync(bool renew, CancellationToken ct)
    {
        await _tokenGate.WaitAsync(ct);
        try
        {
            if (_token is null || renew)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenPath.TrimStart('/'))
                {
                    Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{_options.ClientSecret}")));
                using var response = await _http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                _token = (await response.Content.ReadFromJsonAsync<TokenAnswer>(ct))?.AccessToken
                    ?? throw new InvalidOperationException("The sandbox answered no access token.");
            }

            return _token;
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    private sealed record ChargeAnswer(bool Approved);

    private sealed record TokenAnswer([property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken);
}
