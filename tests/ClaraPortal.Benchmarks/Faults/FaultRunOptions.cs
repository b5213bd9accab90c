namespace ClaraPortal.Benchmarks.Faults;

/// <summary>How a <see cref="FaultRun"/> loads the portal and which faults the sandbox injects meanwhile.</summary>
public sealed record FaultRunOptions
{
    /// <summary>Card requests to make, each with its own Reference and Idempotency-Key.</summary>
    public int Issuances { get; init; } = 1000;

    /// <summary>Concurrent users, each in its own scope (a circuit) signed in as another issuer.</summary>
    public int Users { get; init; } = 8;

    /// <summary>Seeds the plan (amounts, which calls the caller abandons and when). The sandbox's faults draw from its own random.</summary>
    public int Seed { get; init; } = 20261201;

    /// <summary>Share of API calls the sandbox answers with a server error before doing any work.</summary>
    public double ServerErrorRate { get; init; } = 0.10;

    public IReadOnlyList<int> ServerErrorStatuses { get; init; } = [500, 502, 503, 504];

    /// <summary>Share of successful writes carried out and stored, whose answer is then lost (connection aborted).</summary>
    public double AnswerLostAfterCommitRate { get; init; } = 0.05;

    /// <summary>Chance that an API call starts a burst of 429s.</summary>
    public double RateLimitBurstRate { get; init; } = 0.02;

    public int RateLimitBurstLength { get; init; } = 3;

    /// <summary>Retry-After of a 429 or 503, in seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Share of calls whose caller gives up (a user leaving the page): their token is cancelled after a short random delay.</summary>
    public double CallerCancelRate { get; init; } = 0.05;

    /// <summary>Upper bound of that delay, in milliseconds (drawn uniformly from 0 to this).</summary>
    public int MaxCancelDelayMilliseconds { get; init; } = 100;

    /// <summary>Per-attempt timeout of the Clara client.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retries of the Clara client within one call (its default is 3). With retries most faults are absorbed inside the
    /// call; 0 lets every fault reach the write path, so more rows end unknown and the resolver has work.
    /// </summary>
    public int ClientMaxRetries { get; init; } = 3;

    /// <summary>Resolver passes at most after the faults are off.</summary>
    public int MaxResolverPasses { get; init; } = 50;

    /// <summary>Progress lines (every tenth of the run), or null for none.</summary>
    public TextWriter? Progress { get; init; }

    internal void Validate()
    {
        if (Issuances < 1 || Issuances > 999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(Issuances), Issuances, "1 to 999999 issuances.");
        }

        if (Users < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Users), Users, "At least one user.");
        }
    }
}
