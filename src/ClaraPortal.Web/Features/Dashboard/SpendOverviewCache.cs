using System.Collections.Concurrent;

namespace ClaraPortal.Web.Features.Dashboard;

/// <summary>
/// The spend figures of each company (and issuer, for an Issuer's own). Computing them reads a year of cards and
/// transactions: milliseconds for most companies, seconds for one with a million cards (measured on SQLite, 1M cards
/// and 2.8M transactions: about 15 s for the company, 8-20 s for an issuer's own, most of it joining the window's
/// transactions to their cards). So:
/// <list type="bullet">
/// <item>figures that were quick to compute are reused only while no card was requested and no report finished since
/// (<see cref="SpendFingerprint"/>): a new card shows at once;</item>
/// <item>figures that took <see cref="Slow"/> or longer are reused until they are <see cref="Lifetime"/> old, whatever
/// cards came in meanwhile: a company that issues a card a minute would otherwise recompute them on nearly every visit;
/// a finished report still renews them (reports are few a day, and the first one turns limits into spend);</item>
/// <item>one computation per key runs at a time and every caller waits for that one (no stampede when they expire).</item>
/// </list>
/// </summary>
public sealed class SpendOverviewCache(TimeProvider time, TimeSpan? slow = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>A computation this long is worth keeping even once newer cards or reports exist.</summary>
    public TimeSpan Slow { get; } = slow ?? TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<SpendCacheKey, Entry> _entries = new();

    /// <summary>
    /// The figures for <paramref name="key"/>: kept ones while they may be reused (see the class), else the ones
    /// <paramref name="compute"/> reads (called on this thread, at most once per key at a time). A caller that leaves
    /// (<paramref name="cancellationToken"/>) stops waiting but not the computation, which others may be waiting for; a
    /// failed computation is not kept.
    /// </summary>
    public async Task<SpendOverview> GetAsync(
        SpendCacheKey key, SpendFingerprint fingerprint, Func<Task<SpendOverview>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        while (true)
        {
            var entry = _entries.GetOrAdd(key, _ =>
            {
                RemoveExpired();
                return new Entry(fingerprint, new Lazy<Task<Computed>>(() => TimedAsync(compute)));
            });
            var task = entry.Result.Value;
            if (task.IsCompletedSuccessfully && !Reusable(entry, task.Result, fingerprint))
            {
                _entries.TryRemove(new KeyValuePair<SpendCacheKey, Entry>(key, entry));
                continue;
            }

            try
            {
                return (await task.WaitAsync(cancellationToken)).Overview;
            }
            catch (Exception) when (task.IsFaulted || task.IsCanceled)
            {
                _entries.TryRemove(new KeyValuePair<SpendCacheKey, Entry>(key, entry));
                throw;
            }
        }
    }

    private async Task<Computed> TimedAsync(Func<Task<SpendOverview>> compute)
    {
        var started = time.GetTimestamp();
        var overview = await compute();
        return new Computed(overview, time.GetElapsedTime(started));
    }

    private bool Reusable(Entry entry, Computed computed, SpendFingerprint fingerprint) =>
        IsFresh(computed)
        && (entry.Fingerprint == fingerprint || (computed.Took >= Slow && entry.Fingerprint.LatestReport == fingerprint.LatestReport));

    private bool IsFresh(Computed computed) => time.GetUtcNow() - computed.Overview.ComputedAt < Lifetime;

    // Expired entries go as new ones arrive, so the cache holds at most what was asked for within about one lifetime.
    private void RemoveExpired()
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Result.IsValueCreated && entry.Result.Value.IsCompletedSuccessfully && !IsFresh(entry.Result.Value.Result))
            {
                _entries.TryRemove(new KeyValuePair<SpendCacheKey, Entry>(key, entry));
            }
        }
    }

    private sealed record Entry(SpendFingerprint Fingerprint, Lazy<Task<Computed>> Result);

    private sealed record Computed(SpendOverview Overview, TimeSpan Took);
}

/// <param name="Company">The company's key.</param>
/// <param name="Issuer">The issuer whose own cards they are; null for the whole company.</param>
/// <param name="Currency">The currency asked for; null for the default (the one with most cards).</param>
/// <param name="From">The window's first day, so a new month starts a new entry.</param>
public readonly record struct SpendCacheKey(string Company, string? Issuer, string? Currency, DateOnly From);

/// <summary>What tells cheaply whether the figures may have moved: the newest card requested in scope, the newest report finished.</summary>
public readonly record struct SpendFingerprint(DateTimeOffset? LatestCard, DateTimeOffset? LatestReport);
