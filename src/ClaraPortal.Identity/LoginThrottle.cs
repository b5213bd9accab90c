using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Identity;

/// <summary>
/// Failed sign-ins at the provider, per user name and client address: logged (never the password), and after
/// <see cref="FailuresAllowed"/> failures in <see cref="Window"/> that pair is refused until the window ends, even with the
/// right password. Only failures count, so a user signing in many times (a test suite, a busy day) is never slowed.
/// </summary>
public sealed partial class LoginThrottle(ILogger<LoginThrottle> logger) : IDisposable
{
    public const int FailuresAllowed = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = FailuresAllowed,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>True when this user name from this address has used up its failures.</summary>
    public bool IsLockedOut(string? username, IPAddress? address) =>
        _failures.GetStatistics(Key(username, address))?.CurrentAvailablePermits == 0;

    /// <summary>Counts a failed attempt and logs it.</summary>
    public void RecordFailure(string? username, IPAddress? address)
    {
        using var lease = _failures.AttemptAcquire(Key(username, address));
        LogFailure(logger, Normalize(username), address?.ToString() ?? "unknown", lockedOut: !lease.IsAcquired);
    }

    /// <summary>Logs a refused attempt while the pair is locked out.</summary>
    public void RecordRefusal(string? username, IPAddress? address) =>
        LogRefused(logger, Normalize(username), address?.ToString() ?? "unknown");

    public void Dispose() => _failures.Dispose();

    private static string Normalize(string? username) => (username ?? "").Trim().ToLowerInvariant();

    private static string Key(string? username, IPAddress? address) => Normalize(username) + "|" + address;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed sign-in for user name {Username} from {ClientAddress} (limit reached: {LockedOut})")]
    private static partial void LogFailure(ILogger logger, string username, string clientAddress, bool lockedOut);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in for user name {Username} from {ClientAddress} refused: too many failed attempts")]
    private static partial void LogRefused(ILogger logger, string username, string clientAddress);
}
