namespace ClaraPortal.Sandbox;

/// <summary>
/// Fault injection. The server reads these on every call, so a test may change them on a running
/// server (<see cref="SandboxServer.Faults"/>). Faults apply to the VCN API (both prefixes), not to
/// /oauth/token nor to the sandbox-only charge endpoint. Whatever the fault, idempotency holds: a fault
/// answered before work stores nothing under the Idempotency-Key, and one acting after commit leaves the
/// real answer stored, so a replay with the same key returns the first card.
/// </summary>
public sealed class SandboxFaultOptions
{
    private readonly Lock _scriptGate = new();
    private readonly List<(SandboxOperation Operation, SandboxFault Fault)> _script = [];
    private readonly HashSet<long> _failingCancels = [];
    private int _rateLimitBurst;
    private int _timeoutAfterCommitCount;
    private int _failNextReports;

    /// <summary>Wall-clock delay added to every API call (real time, not the injected TimeProvider).</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>Share (0..1) of API calls answered with one of <see cref="ServerErrorStatuses"/> before any work.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>
    /// The statuses <see cref="ServerErrorRate"/> picks from, uniformly: 500 and 502 (SERVER_ERROR), 503 (UNAVAILABLE,
    /// with Retry-After), 504 (SERVER_ERROR, gateway timeout). A single status gives one deterministic outcome.
    /// </summary>
    public IReadOnlyList<int> ServerErrorStatuses { get; set; } = [500, 503];

    /// <summary>The next N API calls get 429 RATE_LIMITED with Retry-After.</summary>
    public int RateLimitBurst
    {
        get => Volatile.Read(ref _rateLimitBurst);
        set => Volatile.Write(ref _rateLimitBurst, value);
    }

    /// <summary>Probability (0..1) that an API call starts a 429 burst of <see cref="RateLimitBurstLength"/> calls (this one included).</summary>
    public double RateLimitBurstRate { get; set; }

    /// <summary>Calls answered 429 in a burst started by <see cref="RateLimitBurstRate"/>.</summary>
    public int RateLimitBurstLength { get; set; } = 3;

    /// <summary>Seconds sent in the Retry-After header of a 429 or 503.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// The next N successful submits, updates or cancels are carried out and their idempotent answer stored, then never
    /// answered (the request is held until the client aborts or the server stops).
    /// </summary>
    public int TimeoutAfterCommitCount
    {
        get => Volatile.Read(ref _timeoutAfterCommitCount);
        set => Volatile.Write(ref _timeoutAfterCommitCount, value);
    }

    /// <summary>
    /// Share (0..1) of successful writes (submit, update, cancel, report start) that are carried out and stored, then
    /// lose their answer: the connection is aborted, so the client sees a transport error after sending.
    /// </summary>
    public double AnswerLostAfterCommitRate { get; set; }

    /// <summary>
    /// GET {purchaseId} answers 404 for this many seconds (sandbox clock) after the purchase was created or last
    /// updated: Clara's card network asks clients to wait five seconds after a write before reading.
    /// </summary>
    public int ReadAfterWriteLagSeconds { get; set; }

    /// <summary>Share (0..1) of cancellable ids whose cancel result is FAILED (the card stays as it was).</summary>
    public double CancelItemFailureRate { get; set; }

    /// <summary>Share (0..1) of new reports that end in status FAILED instead of READY.</summary>
    public double ReportFailureRate { get; set; }

    /// <summary>The next N reports started end in status FAILED instead of READY.</summary>
    public int FailNextReports
    {
        get => Volatile.Read(ref _failNextReports);
        set => Volatile.Write(ref _failNextReports, value);
    }

    /// <summary>
    /// Queues <paramref name="fault"/> for the next call of <paramref name="operation"/>. Calls take queued faults in
    /// order: each call takes the first entry queued for its operation or for <see cref="SandboxOperation.Any"/>.
    /// </summary>
    public void Enqueue(SandboxOperation operation, SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_scriptGate)
        {
            _script.Add((operation, fault));
        }
    }

    /// <summary>Every cancel of <paramref name="purchaseId"/> answers FAILED for that id (nothing changes) until <see cref="ClearScript"/>.</summary>
    public void FailCancelOf(long purchaseId)
    {
        lock (_scriptGate)
        {
            _failingCancels.Add(purchaseId);
        }
    }

    /// <summary>Drops the queued faults and the ids set to fail their cancel.</summary>
    public void ClearScript()
    {
        lock (_scriptGate)
        {
            _script.Clear();
            _failingCancels.Clear();
        }
    }

    /// <summary>Faults queued and not yet taken.</summary>
    public int PendingScriptedFaults
    {
        get
        {
            lock (_scriptGate)
            {
                return _script.Count;
            }
        }
    }

    /// <summary>Back to no faults at all: every setting at its default and the script cleared (for a test's clean-up).</summary>
    public void Reset()
    {
        LatencyMilliseconds = 0;
        ServerErrorRate = 0;
        ServerErrorStatuses = [500, 503];
        RateLimitBurst = 0;
        RateLimitBurstRate = 0;
        RateLimitBurstLength = 3;
        RetryAfterSeconds = 1;
        TimeoutAfterCommitCount = 0;
        AnswerLostAfterCommitRate = 0;
        ReadAfterWriteLagSeconds = 0;
        CancelItemFailureRate = 0;
        ReportFailureRate = 0;
        FailNextReports = 0;
        ClearScript();
    }

    internal SandboxFault? TakeScripted(SandboxOperation operation)
    {
        lock (_scriptGate)
        {
            var index = _script.FindIndex(entry => entry.Operation == operation || entry.Operation == SandboxOperation.Any);
            if (index < 0)
            {
                return null;
            }

            var fault = _script[index].Fault;
            _script.RemoveAt(index);
            return fault;
        }
    }

    internal bool ShouldFailCancel(long purchaseId)
    {
        lock (_scriptGate)
        {
            if (_failingCancels.Contains(purchaseId))
            {
                return true;
            }
        }

        return Chance(CancelItemFailureRate);
    }

    internal bool TryTakeReportFailure() => TryDecrement(ref _failNextReports) || Chance(ReportFailureRate);

    internal bool TryTakeRateLimit()
    {
        if (TryDecrement(ref _rateLimitBurst))
        {
            return true;
        }

        if (!Chance(RateLimitBurstRate))
        {
            return false;
        }

        // This call is the burst's first; the rest of it is left on the counter the next calls take from.
        Interlocked.Add(ref _rateLimitBurst, Math.Max(0, RateLimitBurstLength - 1));
        return true;
    }

    internal bool TryTakeTimeoutAfterCommit() => TryDecrement(ref _timeoutAfterCommitCount);

    internal bool ShouldLoseAnswer() => Chance(AnswerLostAfterCommitRate);

    internal bool ShouldAnswerServerError() => Chance(ServerErrorRate);

    internal int PickServerErrorStatus()
    {
        var statuses = ServerErrorStatuses;
        return statuses is { Count: > 0 } ? statuses[Random.Shared.Next(statuses.Count)] : 500;
    }

    private static bool Chance(double rate) => rate > 0 && (rate >= 1 || Random.Shared.NextDouble() < rate);

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
