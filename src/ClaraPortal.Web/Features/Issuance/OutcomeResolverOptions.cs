using System.ComponentModel.DataAnnotations;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// How the portal settles writes whose outcome it does not know (<c>Portal:OutcomeResolver</c>). Every unsettled row is
/// replayed with its own Idempotency-Key, first after <see cref="FirstReplayAfter"/>, then with doubling delays up to
/// <see cref="MaxBackoff"/>, for as long as Clara keeps the key (<see cref="ReplayWindow"/>); after that a person checks.
/// </summary>
public sealed class OutcomeResolverOptions
{
    public const string SectionName = "Portal:OutcomeResolver";

    /// <summary>
    /// Clara keeps an Idempotency-Key for 24 hours. After that a replay would be a new submission (a second card), so an
    /// unknown outcome older than this is never replayed: it needs a person to check.
    /// </summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromHours(23);

    /// <summary>How often the background resolver looks for due rows. Zero turns it off (tests drive it themselves).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A row is left to the call that made it for this long before the resolver replays it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstReplayAfter { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Rows replayed per pass, so one pass stays short.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>The wait before the next replay after <paramref name="attempts"/> replays that did not settle it.</summary>
    public TimeSpan BackoffAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstReplayAfter.Ticks * factor, MaxBackoff.Ticks));
        return delay < FirstReplayAfter ? FirstReplayAfter : delay;
    }
}
