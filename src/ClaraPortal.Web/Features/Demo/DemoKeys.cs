using System.Globalization;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// The keys of one company's demo cards and requests: <c>demo-own-0000042</c> for the owner, <c>demo-&lt;RFC&gt;-0000042</c>
/// for a subsidiary. What makes a demo row recognizable (and countable) on a second run, and the Idempotency-Key the
/// card is issued with, so a run that dies halfway and is run again cannot issue the same card twice.
/// </summary>
internal sealed class DemoKeys
{
    private long _last;

    private DemoKeys(string prefix, long last)
    {
        Prefix = prefix;
        _last = last;
    }

    public string Prefix { get; }

    public static string PrefixOf(PortalCompany company) => $"demo-{(company.IsOwner ? "own" : company.Key)}-";

    /// <summary>Goes on after the highest key already written (cards or requests), whatever a run before did.</summary>
    public static async Task<DemoKeys> LoadAsync(PortalDatabase database, PortalCompany company, CancellationToken ct)
    {
        var prefix = PrefixOf(company);
        await using var db = database.For(company);
        // Fixed-width ordinals: the highest key is the highest ordinal, read from the unique indexes.
        var lastCard = await db.CardPurchases.Where(p => p.IdempotencyKey.StartsWith(prefix))
            .OrderByDescending(p => p.IdempotencyKey).Select(p => p.IdempotencyKey).FirstOrDefaultAsync(ct);
        var lastRequest = await db.ApprovalRequests.Where(r => r.RequestKey != null && r.RequestKey.StartsWith(prefix))
            .OrderByDescending(r => r.RequestKey).Select(r => r.RequestKey).FirstOrDefaultAsync(ct);
        return new DemoKeys(prefix, Math.Max(Ordinal(prefix, lastCard), Ordinal(prefix, lastRequest)));
    }

    /// <summary>How many demo cards the company holds.</summary>
    public static async Task<int> CountCardsAsync(PortalDatabase database, PortalCompany company, CancellationToken ct)
    {
        var prefix = PrefixOf(company);
        await using var db = database.For(company);
        return await db.CardPurchases.CountAsync(p => p.IdempotencyKey.StartsWith(prefix), ct);
    }

    public (long Ordinal, string Key) Next()
    {
        var ordinal = Interlocked.Increment(ref _last);
        return (ordinal, Prefix + ordinal.ToString("D7", CultureInfo.InvariantCulture));
    }

    private static long Ordinal(string prefix, string? key) =>
        key is not null && long.TryParse(key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? ordinal : 0;
}
