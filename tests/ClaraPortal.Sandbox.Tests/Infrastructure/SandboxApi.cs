using System.Globalization;
using System.Net;
using System.Text.Json;
using ClaraPortal.Sandbox;

namespace ClaraPortal.Sandbox.Tests.Infrastructure;

/// <summary>An answer read whole: status, headers of interest and the JSON body.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonElement Body, string Text, string? RetryAfter, bool Replayed)
{
    public int Code => (int)Status;

    public string? ErrorCode => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) ? code.GetString() : null;

    public long PurchaseId => Body.GetProperty("purchaseId").GetInt64();
}

/// <summary>
/// The sandbox's wire contract over a raw HttpClient with real mTLS and a real token: requests are written as JSON by
/// hand, so the tests see exactly what Clara's clients see.
/// </summary>
public sealed class SandboxApi : IDisposable
{
    /// <summary>camelCase, as the contract says.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly RawClaraHttp _raw;
    private string? _token;

    public SandboxApi(SandboxHarness harness)
    {
        Harness = harness;
        _raw = harness.Raw();
    }

    public SandboxHarness Harness { get; }

    public SandboxServer Server => Harness.Server;

    public RawClaraHttp Raw => _raw;

    /// <summary>Forgets the token, e.g. after the fake clock moved past its lifetime.</summary>
    public void RenewToken() => _token = null;

    public async Task<ApiAnswer> GetAsync(string path, string? taxId = null) => await SendAsync(HttpMethod.Get, path, null, null, taxId);

    public async Task<ApiAnswer> PostAsync(string path, object body, string? key = null, string? taxId = null) =>
        await SendAsync(HttpMethod.Post, path, body as string ?? JsonSerializer.Serialize(body, Json), key, taxId);

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? json, string? key, string? taxId,
        CancellationToken cancellationToken = default)
    {
        _token ??= await _raw.GetTokenAsync();
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new("Bearer", _token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        if (taxId is not null)
        {
            request.Headers.Add("X-Tax-Identifier", taxId);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _raw.Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = string.IsNullOrWhiteSpace(text) ? default : JsonSerializer.Deserialize<JsonElement>(text);
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;
        return new(response.StatusCode, body, text, retryAfter, response.Headers.Contains("Idempotent-Replayed"));
    }

    /// <summary>A submit body the catalog allows: a template with no MCC list and no required field, an active RCN of its currency.</summary>
    public async Task<SubmitBody> EasySubmitAsync(decimal amount = 1500.00m, string reference = "PO-TEST", string? taxId = null)
    {
        var catalog = (await GetAsync("api/v1/vcn?companyDetail=ALL", taxId)).Body;
        var template = catalog.GetProperty("templates").EnumerateArray().First(t =>
            t.GetProperty("purchaseTypes").GetArrayLength() == 0
            && !t.GetProperty("customFields").EnumerateArray().Any(f => f.GetProperty("required").GetString() == "Y")
            && t.GetProperty("maxAmount").GetDecimal() > 1000m);
        var currency = template.GetProperty("currency").GetString()!;
        var rcn = catalog.GetProperty("rcns").EnumerateArray()
            .Where(r => r.GetProperty("status").GetString() == "ACTIVE" && r.GetProperty("currency").GetString() == currency)
            .MaxBy(r => r.GetProperty("availableCredit").GetDecimal());
        var supplier = catalog.GetProperty("suppliers")[0];
        var today = DateOnly.FromDateTime(Harness.Time?.GetUtcNow().UtcDateTime ?? DateTime.UtcNow);
        return new SubmitBody(rcn.GetProperty("id").GetInt64(), template.GetProperty("id").GetInt64(), supplier.GetProperty("id").GetInt64(),
            amount, currency, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            today.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reference, []);
    }

    public Task<ApiAnswer> SubmitAsync(SubmitBody body, string? key = null, string? taxId = null) =>
        PostAsync("api/v1/vcn/submit", body, key, taxId);

    public Task<ApiAnswer> UpdateAsync(long purchaseId, object body, string? key = null) =>
        PostAsync($"api/v1/vcn/{purchaseId.ToString(CultureInfo.InvariantCulture)}/update", body, key);

    public Task<ApiAnswer> CancelAsync(string? key, string reason, params long[] ids) =>
        PostAsync("api/v1/vcn/cancel", new { purchaseIds = ids, reason }, key);

    public Task<ApiAnswer> PurchaseAsync(long purchaseId, bool reveal = false) =>
        GetAsync($"api/v1/vcn/{purchaseId.ToString(CultureInfo.InvariantCulture)}{(reveal ? "?reveal=true" : "")}");

    public async Task ChargeAsync(long purchaseId, decimal amount, string currency)
    {
        _token ??= await _raw.GetTokenAsync();
        await _raw.ChargeAsync(_token, purchaseId, amount, currency);
    }

    public void Dispose() => _raw.Dispose();
}

/// <summary>The submit body; written camelCase like every request (<see cref="SandboxApi.Json"/>).</summary>
public sealed record SubmitBody(long RcnId, long TemplateId, long SupplierId, decimal Amount, string Currency, string ValidFrom,
    string ValidTo, string Reference, object[] CustomFields);
