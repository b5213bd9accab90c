namespace ClaraPortal.Sandbox;

/// <summary>
/// Fault injection. The server reads these on every call, so a test may change them on a running
/// server (<see cref="SandboxServer.Faults"/>). Faults apply to the VCN API (both prefixes), not to
/// /oauth/token nor to the sandbox-only charge endpoint.
/// </summary>
public sealed class SandboxFaultOptions
{
    private int _rateLimitBurst;
    private int _timeoutAfterCommitCount;

    /// <summary>Wall-clock delay added to every API call (real time, not the injected TimeProvider).</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>Share (0..1) of API calls answered 500 SERVER_ERROR or 503 UNAVAILABLE before any work.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>The next N API calls get 429 RATE_LIMITED with Retry-After.</summary>
    public int RateLimitBurst
    {
        get => Volatile.Read(ref _rateLimitBurst);
        set => Volatile.Write(ref _rateLimitBurst, value);
    }

    /// <summary>Seconds sent in the Retry-After header of a 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// The next N successful submits create the VCN and store the idempotent answer, then never answer
    /// (the request is held until the client aborts or the server stops).
    /// </summary>
    public int TimeoutAfterCommitCount
    {
        get => Volatile.Read(ref _timeoutAfterCommitCount);
        set => Volatile.Write(ref _timeoutAfterCommitCount, value);
    }

    internal bool TryTakeRateLimit() => TryDecrement(ref _rateLimitBurst);

    internal bool TryTakeTimeoutAfterCommit() => TryDecrement(ref _timeoutAfterCommitCount);

    // Decrement only while positive, so two concurrent calls never take the same slot.
    private static bool TryDecrement(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
