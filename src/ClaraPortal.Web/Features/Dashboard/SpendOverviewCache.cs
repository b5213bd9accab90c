using System.Collections.Concurrent;

namespace ClaraPortal.Web.Features.Dashboard;

/// <summary>
/// The spend figures of each company (and issuer, for an Issuer's own), kept for <see cref="Lifetime"/>. Computing them
/// reads a year of cards and transactions: milliseconds for most companies, but seconds for one with a million cards
/// (measured on SQLite, 1M cards and 2.8M transactions: 15 s for the company, 8-20 s for an issuer's own, most of it
/// joining the window's transactions to their cards). The figures move when a report is fetched (daily) or cards are
/// issued, so neither every visit of the home page nor every user arriving at once should pay that again: one
/// computation per key runs at a time and every caller waits for that one.
/// </summary>
public sealed class SpendOverviewCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<SpendCacheKey, Lazy<Task<SpendOverview>>> _entries = new();

    /// <summary>
    /// The figures for <paramref name="key"/>: kept ones while fresh, else the ones <paramref name="compute"/> reads (called
    /// on this thread, at most once per key at a time). A caller that leaves (<paramref name="cancellationToken"/>) stops
    /// waiting but not the computation, which others may be waiting for; a failed computation is not kept.
    /// </summary>
    public async Task<SpendOverview> GetAsync(SpendCacheKey key, Func<Task<SpendOverview>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        while (true)
        {
            var entry = _entries.GetOrAdd(key, _ =>
            {
                RemoveExpired();
                return new Lazy<Task<SpendOverview>>(compute);
            });
            var task = entry.Value;
            if (task.IsCompletedSuccessfully && !IsFresh(task.Result))
            {
                _entries.TryRemove(new KeyValuePair<SpendCacheKey, Lazy<Task<SpendOverview>>>(key, entry));
                continue;
            }

            try
            {
                return await task.WaitAsync(cancellationToken);
            }
            catch (Exception) when (task.IsFaulted || task.IsCanceled)
            {
                _entries.TryRemove(new KeyValuePair<SpendCacheKey, Lazy<Task<SpendOverview>>>(key, entry));
                throw;
            }
        }
    }

    private bool IsFresh(SpendOverview overview) => time.GetUtcNow() - overview.ComputedAt < Lifetime;

    // Expired entries go as new ones arrive, so the cache holds at most what was asked for within about one lifetime.
    private void RemoveExpired()
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully && !IsFresh(entry.Value.Result))
            {
                _entries.TryRemove(new KeyValuePair<SpendCacheKey, Lazy<Task<SpendOverview>>>(key, entry));
            }
        }
    }
}

/// <param name="Company">The company's key.</param>
/// <param name="Issuer">The issuer whose own cards they are; null for the whole company.</param>
/// <param name="Currency">The currency asked for; null for the default (the one with most cards).</param>
/// <param name="From">The window's first day, so a new month starts a new entry.</param>
public readonly record struct SpendCacheKey(string Company, string? Issuer, string? Currency, DateOnly From);
