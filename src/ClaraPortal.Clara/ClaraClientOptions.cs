using System.ComponentModel.DataAnnotations;

namespace ClaraPortal.Clara;

/// <summary>
/// Settings of the Clara client, bound from the "Clara" configuration section and validated at start.
/// Relative file paths are resolved against the current directory.
/// </summary>
public sealed class ClaraClientOptions : IValidatableObject
{
    public const string SectionName = "Clara";

    /// <summary>Host of Clara's API, e.g. https://public-api.mx.clara.com. The token endpoint lives under it.</summary>
    [Required]
    public string BaseUrl { get; set; } = "";

    /// <summary>"/api" in production, "/api-test" in Clara's sandbox: same contract under both.</summary>
    [Required]
    public string PathPrefix { get; set; } = "/api";

    [Required]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>PFX/P12 file (certificate and key) or PEM certificate (.crt/.pem, then <see cref="ClientKeyPath"/>).</summary>
    [Required]
    public string ClientCertificatePath { get; set; } = "";

    /// <summary>PEM private key, needed when <see cref="ClientCertificatePath"/> is a PEM certificate.</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>Password of the PFX, or of an encrypted PEM key.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>CA that must have issued the server's certificate; null trusts the system store.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>RFC of a subsidiary: sent as X-Tax-Identifier so calls act for it. Null acts for the credentials' owner.</summary>
    [MaxLength(20)]
    public string? TaxIdentifier { get; set; }

    /// <summary>Time allowed for one HTTP attempt, from sending to the last byte of the answer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A cached token is renewed this long before Clara says it expires.</summary>
    public TimeSpan TokenRefreshSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Clara also documents this call as /v1/vcn/card.</summary>
    [Required]
    public string SubmitPath { get; set; } = "/v1/vcn/submit";

    /// <summary>Path of the OAuth token endpoint, relative to <see cref="BaseUrl"/> (not under <see cref="PathPrefix"/>).</summary>
    [Required]
    public string TokenPath { get; set; } = "/oauth/token";

    /// <summary>Retries after the first attempt for calls that are safe to repeat. 0 disables retries.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; it doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of one backoff delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A Retry-After longer than this is not waited for: the call fails with <see cref="ClaraApiException.RetryAfter"/> set.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP + TLS connect timeout.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pooled connections are recycled after this long so DNS changes of Clara's hosts are seen.</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult("Clara:BaseUrl must be an absolute https URL.", [nameof(BaseUrl)]);
        }

        foreach (var (name, value) in new[] { (nameof(PathPrefix), PathPrefix), (nameof(SubmitPath), SubmitPath), (nameof(TokenPath), TokenPath) })
        {
            if (!value.StartsWith('/') || value.Contains('?') || value.Contains('#'))
            {
                yield return new ValidationResult($"Clara:{name} must be a path starting with '/'.", [name]);
            }
        }

        if (!string.IsNullOrEmpty(ClientCertificatePath) && !File.Exists(ClientCertificatePath))
        {
            yield return new ValidationResult($"Clara:ClientCertificatePath '{ClientCertificatePath}' does not exist.", [nameof(ClientCertificatePath)]);
        }

        if (ClaraCertificates.IsPem(ClientCertificatePath))
        {
            if (string.IsNullOrWhiteSpace(ClientKeyPath))
            {
                yield return new ValidationResult("Clara:ClientKeyPath is required when the client certificate is a PEM file.", [nameof(ClientKeyPath)]);
            }
            else if (!File.Exists(ClientKeyPath))
            {
                yield return new ValidationResult($"Clara:ClientKeyPath '{ClientKeyPath}' does not exist.", [nameof(ClientKeyPath)]);
            }
        }

        if (!string.IsNullOrWhiteSpace(CaCertificatePath) && !File.Exists(CaCertificatePath))
        {
            yield return new ValidationResult($"Clara:CaCertificatePath '{CaCertificatePath}' does not exist.", [nameof(CaCertificatePath)]);
        }

        if (CertificateProblem() is { } problem)
        {
            yield return problem;
        }

        if (TaxIdentifier is not null && (TaxIdentifier.Length == 0 || !TaxIdentifier.All(char.IsAsciiLetterOrDigit)))
        {
            yield return new ValidationResult("Clara:TaxIdentifier must be letters and digits (an RFC).", [nameof(TaxIdentifier)]);
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(RequestTimeout), RequestTimeout), (nameof(ConnectTimeout), ConnectTimeout),
                     (nameof(PooledConnectionLifetime), PooledConnectionLifetime), (nameof(MaxDelay), MaxDelay),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Clara:{name} must be positive.", [name]);
            }
        }

        foreach (var (name, value) in new[] { (nameof(TokenRefreshSkew), TokenRefreshSkew), (nameof(BaseDelay), BaseDelay), (nameof(MaxRetryAfter), MaxRetryAfter) })
        {
            if (value < TimeSpan.Zero)
            {
                yield return new ValidationResult($"Clara:{name} must not be negative.", [name]);
            }
        }
    }

    /// <summary>
    /// Loads the certificates once, so a wrong password, a key that does not match or a corrupt file stops the host at
    /// start instead of failing the first call to Clara.
    /// </summary>
    private ValidationResult? CertificateProblem()
    {
        var filesPresent = File.Exists(ClientCertificatePath)
                           && (!ClaraCertificates.IsPem(ClientCertificatePath) || File.Exists(ClientKeyPath))
                           && (string.IsNullOrWhiteSpace(CaCertificatePath) || File.Exists(CaCertificatePath));
        if (!filesPresent)
        {
            return null; // already reported above
        }

        try
        {
            using var client = ClaraCertificates.LoadClientCertificate(this);
            using var ca = ClaraCertificates.LoadCaCertificate(this);
            return null;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or InvalidOperationException or ArgumentException)
        {
            // The exception text names the file problem, never the password.
            return new ValidationResult($"Clara:ClientCertificatePath/CaCertificatePath could not be loaded: {ex.Message}",
                [nameof(ClientCertificatePath)]);
        }
    }

    /// <summary>Runs the same checks as the options validation at start; throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.</summary>
    internal void ThrowIfInvalid()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                nameof(ClaraClientOptions), typeof(ClaraClientOptions), results.Select(r => r.ErrorMessage ?? "invalid"));
        }
    }
}
