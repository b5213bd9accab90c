using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ClaraPortal.Clara;
using ClaraPortal.Sandbox;

namespace ClaraPortal.Testing;

/// <summary>
/// Plain HttpClient to the sandbox, trusting its CA, with or without a client certificate: for what the typed client
/// deliberately cannot do (no certificate, a foreign token, malformed JSON, sandbox-only charges).
/// </summary>
public sealed class RawClaraHttp : IDisposable
{
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly X509Certificate2? _certificate;
    private readonly X509Certificate2 _ca;

    public RawClaraHttp(SandboxServer server, X509Certificate2? clientCertificate)
        : this(server.BaseAddress, server.Certificates.LoadCaCertificate(), clientCertificate, server.ClientId, server.ClientSecret)
    {
    }

    /// <summary>A sandbox known by its address and credentials only (one running in another process). Takes the certificates.</summary>
    public RawClaraHttp(Uri baseAddress, X509Certificate2 ca, X509Certificate2? clientCertificate, string clientId, string clientSecret)
    {
        _clientId = clientId;
        _clientSecret = clientSecret;
        _certificate = clientCertificate;
        _ca = ca;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = ClaraCertificates.TrustOnly(_ca);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// The sandbox a portal runs inside its own process: its address (the portal logs it at start), the certificates in its
    /// folder and the default client credentials (what the portal uses when none are configured).
    /// </summary>
    public static RawClaraHttp ForEmbeddedSandbox(Uri baseAddress, string certificatesDirectory)
    {
        var certificates = SandboxCertificates.In(certificatesDirectory);
        var defaults = new SandboxOptions();
        return new RawClaraHttp(baseAddress, certificates.LoadCaCertificate(), certificates.LoadClientCertificate(), defaults.ClientId, defaults.ClientSecret);
    }

    /// <summary>The underlying client, based at the sandbox's address, with a 30 s timeout.</summary>
    public HttpClient Http { get; }

    /// <summary>A token by client credentials (the sandbox's own unless given), bound to this client's certificate.</summary>
    public async Task<string> GetTokenAsync(string? clientId = null, string? clientSecret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId ?? _clientId}:{clientSecret ?? _clientSecret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>One call, as is: no retry, no check of the answer.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? jsonBody = null, string? taxIdentifier = null,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (taxIdentifier is not null)
        {
            request.Headers.Add("X-Tax-Identifier", taxIdentifier);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Sandbox-only: a merchant charge on a VCN, so reports and details have transactions. Throws when it is not approved.</summary>
    /// <param name="mcc">The merchant's category; null for the card's supplier's own (which its template allows).</param>
    public async Task ChargeAsync(string token, long purchaseId, decimal amount, string currency, string merchantName = "AWS EMEA", string? mcc = "7372")
    {
        var (approved, reason) = await PostTransactionAsync(token, purchaseId, amount, currency, "CHARGE", merchantName, mcc);
        if (!approved)
        {
            throw new InvalidOperationException($"charge declined: {reason ?? "no reason"}");
        }
    }

    /// <summary>
    /// Sandbox-only: a merchant CHARGE or REFUND on a VCN. A declined one is an answer too (the sandbox records a DECLINE
    /// row): returns whether it was approved and, if not, why.
    /// </summary>
    public async Task<(bool Approved, string? DeclineReason)> PostTransactionAsync(
        string token, long purchaseId, decimal amount, string currency, string type, string merchantName = "AWS EMEA", string? mcc = "7372", string? taxIdentifier = null)
    {
        var body = JsonSerializer.Serialize(new { amount, currency, merchantName, mcc, type });
        using var response = await SendAsync(HttpMethod.Post, $"sandbox/v1/vcn/{purchaseId.ToString(CultureInfo.InvariantCulture)}/charges", token, body, taxIdentifier);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{type} answered {(int)response.StatusCode}");
        }

        using var json = JsonDocument.Parse(text);
        var approved = json.RootElement.GetProperty("approved").GetBoolean();
        return (approved, !approved && json.RootElement.TryGetProperty("declineReason", out var reason) ? reason.GetString() : null);
    }

    /// <summary>Reads Clara's error body.</summary>
    public static async Task<(int Status, string? Code, JsonElement Body)> ReadErrorAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = string.IsNullOrWhiteSpace(text) ? default : JsonSerializer.Deserialize<JsonElement>(text);
        var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) ? c.GetString() : null;
        return ((int)response.StatusCode, code, body);
    }

    /// <summary>Disposes the client and the certificates it holds.</summary>
    public void Dispose()
    {
        Http.Dispose();
        _certificate?.Dispose();
        _ca.Dispose();
    }
}
