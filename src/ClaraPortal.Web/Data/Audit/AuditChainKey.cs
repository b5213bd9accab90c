using System.Security.Cryptography;
using System.Text;

namespace ClaraPortal.Web.Data.Audit;

/// <summary>
/// The secret that keys the audit chain. Two keys are derived from it (HKDF), one for events and one for checkpoint lines,
/// so a MAC of one kind can never pass for the other; the secret itself never leaves this class and is never printed.
/// </summary>
public sealed class AuditChainKey
{
    private readonly byte[] _eventKey;
    private readonly byte[] _checkpointKey;

    public AuditChainKey(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < AuditChainOptions.MinimumKeyBytes)
        {
            throw new ArgumentException($"The audit chain key must be at least {AuditChainOptions.MinimumKeyBytes} bytes.", nameof(secret));
        }

        _eventKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.ToArray(), 32, salt: [], info: Encoding.ASCII.GetBytes("clara-portal/audit-event/v1"));
        _checkpointKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.ToArray(), 32, salt: [], info: Encoding.ASCII.GetBytes("clara-portal/audit-checkpoint/v1"));
    }

    /// <summary>A fresh random key (tests, benchmarks, the development key file).</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(AuditChainOptions.MinimumKeyBytes);

    /// <summary>Lower-case hex HMAC-SHA256 of an event's canonical bytes.</summary>
    public string SignEvent(ReadOnlySpan<byte> canonical) => Hex(HMACSHA256.HashData(_eventKey, canonical));

    /// <summary>Lower-case hex HMAC-SHA256 of a checkpoint line's canonical bytes.</summary>
    public string SignCheckpoint(ReadOnlySpan<byte> canonical) => Hex(HMACSHA256.HashData(_checkpointKey, canonical));

    /// <summary>Compares in constant time, so a forger learns nothing from how long a refusal takes.</summary>
    public static bool SameMac(string? expected, string? actual) =>
        expected is not null && actual is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

    public override string ToString() => nameof(AuditChainKey);

    private static string Hex(byte[] mac) => Convert.ToHexStringLower(mac);
}
