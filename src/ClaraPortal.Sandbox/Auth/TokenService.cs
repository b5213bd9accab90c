using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ClaraPortal.Sandbox.Auth;

/// <summary>
/// Issues and checks the sandbox's access tokens: ES256 JWTs signed by a key that lives only in
/// this process (a restart invalidates old tokens, which a client must survive anyway), bound to
/// the client certificate with RFC 8705 <c>cnf.x5t#S256</c>. Time comes from the injected
/// TimeProvider so tests can expire a token by advancing a fake clock.
/// </summary>
internal sealed class TokenService : IDisposable
{
    public const string Issuer = "https://sandbox.clara.local/";
    public const string Audience = "clara-vcn-api";
    private const string ConfirmationClaim = "cnf";
    private const string ThumbprintMember = "x5t#S256";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsaSecurityKey _securityKey;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _time;
    private readonly int _lifetimeSeconds;

    public TokenService(TimeProvider time, SandboxOptions options)
    {
        _time = time;
        _lifetimeSeconds = options.TokenLifetimeSeconds;
        _securityKey = new ECDsaSecurityKey(_key) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) };
    }

    public static string CertificateThumbprint(X509Certificate2 certificate) =>
        Base64UrlEncoder.Encode(SHA256.HashData(certificate.RawDataMemory.Span));

    public (string Token, int ExpiresIn) Issue(string clientId, X509Certificate2 clientCertificate)
    {
        // Whole seconds: JWT times are NumericDate, and a fractional "now" would make exp checks off by one.
        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds()).UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(_lifetimeSeconds),
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, clientId)]),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                ["client_id"] = clientId,
                ["scope"] = "vcn",
                [ConfirmationClaim] = new Dictionary<string, object> { [ThumbprintMember] = CertificateThumbprint(clientCertificate) },
            },
            SigningCredentials = new SigningCredentials(_securityKey, SecurityAlgorithms.EcdsaSha256),
        };
        return (_handler.CreateToken(descriptor), _lifetimeSeconds);
    }

    /// <summary>Null when the token is good for this connection; else why not (for the log, never the token).</summary>
    public async Task<string?> ValidateAsync(string token, X509Certificate2 clientCertificate)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _securityKey,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            // Lifetime is checked below against the injected TimeProvider, not the machine clock.
            ValidateLifetime = false,
            RequireExpirationTime = true,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return "invalid token";
        }

        var now = _time.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo <= now)
        {
            return "expired token";
        }

        if (jwt.ValidFrom > now)
        {
            return "token not yet valid";
        }

        if (!jwt.TryGetPayloadValue<JsonElement>(ConfirmationClaim, out var confirmation)
            || confirmation.ValueKind != JsonValueKind.Object
            || !confirmation.TryGetProperty(ThumbprintMember, out var thumbprint)
            || thumbprint.GetString() != CertificateThumbprint(clientCertificate))
        {
            return "token bound to another certificate";
        }

        return null;
    }

    public void Dispose() => _key.Dispose();
}
