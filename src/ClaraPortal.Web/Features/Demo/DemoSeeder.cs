using System.Diagnostics;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>What a run did, per company, and whether the audit chain is still whole.</summary>
internal sealed record DemoSeedReport(IReadOnlyList<DemoCompanyReport> Companies, AuditChainReport Chain, TimeSpan Elapsed)
{
    public bool NothingToDo => Companies.All(c => c.Existing >= c.Target);
}

internal sealed record DemoCompanyReport(string Company, int Existing, int Target, int Now, DemoTally Tally);

/// <summary>
/// <c>seed-demo</c>'s work: demo users and their grants, a fresh catalog per company, then months of history (bulk, in the
/// past), today's activity through the real services, and history again for whatever today could not issue (a funding
/// card's credit budget). Tops up to the requested count; a second run with the same count adds nothing.
/// </summary>
internal sealed class DemoSeeder(
    PortalCompanies companies,
    PortalDatabase database,
    DemoCast cast,
    DemoHistoryWriter history,
    DemoLiveActivity live,
    AuditChainVerifier chainVerifier,
    TimeProvider time)
{
    /// <summary>The owner's share of the volume when every company is seeded; the subsidiaries share the rest.</summary>
    public const double OwnerShare = 0.85;

    public async Task<DemoSeedReport> RunAsync(DemoSeedRequest request, DemoProgress progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        var chosen = Choose(request.Company);
        await cast.PrepareAsync(time.GetUtcNow().AddMonths(-request.Months), ct);

        var seeds = new List<DemoCompanySeed>();
        var targets = Split(request.Purchases, chosen);
        foreach (var (company, target) in chosen.Zip(targets))
        {
            await SyncCatalogAsync(company, ct);
            var catalog = await DemoCatalog.LoadAsync(database, company, ct);
            seeds.Add(new DemoCompanySeed(catalog, new DemoCardPlanner(catalog, request.Seed), await DemoKeys.LoadAsync(database, company, ct),
                new DemoTally(company.Label), await DemoKeys.CountCardsAsync(database, company, ct), target));
        }

        var liveTargets = Split(request.LiveCount, chosen).Zip(seeds, (live, seed) => Math.Min(live, seed.Missing)).ToList();
        progress.Start(seeds.Sum(s => s.Missing));
        if (seeds.Any(s => s.Missing > 0))
        {
            // History first, oldest first, then today: the audit chain then reads (almost) in time order.
            progress.Phase("History");
            foreach (var (seed, liveCount) in seeds.Zip(liveTargets))
            {
                await history.WriteAsync(seed, seed.Missing - liveCount, request.Months, HistoryRandom(request, seed), progress, ct);
            }

            progress.Phase("Today, through Clara");
            foreach (var (seed, liveCount) in seeds.Zip(liveTargets))
            {
                await live.RunAsync(seed, liveCount, progress, ct);
            }

            // What today could not issue (credit budget, a request turned down) becomes history, so the count is exact.
            foreach (var seed in seeds)
            {
                var shortfall = seed.Target - await DemoKeys.CountCardsAsync(database, seed.Catalog.Company, ct);
                if (shortfall > 0)
                {
                    progress.Phase("History (rest)");
                    await history.WriteAsync(seed, shortfall, request.Months, HistoryRandom(request, seed), progress, ct);
                }
            }
        }

        progress.Complete();
        var reports = new List<DemoCompanyReport>();
        foreach (var seed in seeds)
        {
            reports.Add(new DemoCompanyReport(seed.Catalog.Company.Label, seed.Existing, seed.Target,
                await DemoKeys.CountCardsAsync(database, seed.Catalog.Company, ct), seed.Tally));
        }

        var chain = await chainVerifier.VerifyAsync(null, ct);
        return new DemoSeedReport(reports, chain, time.GetElapsedTime(started));
    }

    private IReadOnlyList<PortalCompany> Choose(string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return companies.All;
        }

        var company = string.Equals(requested, "owner", StringComparison.OrdinalIgnoreCase)
            ? companies.Owner
            : companies.All.FirstOrDefault(c => string.Equals(c.TaxIdentifier, requested.Trim(), StringComparison.OrdinalIgnoreCase));
        return company is null
            ? throw new ArgumentException($"No company {requested}: give an RFC of {string.Join(", ", companies.All.Select(c => c.TaxIdentifier))} or \"owner\".")
            : [company];
    }

    /// <summary>The owner gets most of it; subsidiaries share the rest; rounding goes to the owner.</summary>
    private static List<int> Split(int total, IReadOnlyList<PortalCompany> chosen)
    {
        if (chosen.Count == 1)
        {
            return [total];
        }

        var subsidiaries = chosen.Count(c => !c.IsOwner);
        var each = (int)(total * (1 - OwnerShare) / Math.Max(1, subsidiaries));
        return [.. chosen.Select(c => c.IsOwner ? total - each * subsidiaries : each)];
    }

    private async Task SyncCatalogAsync(PortalCompany company, CancellationToken ct)
    {
        await using var scope = cast.Enter(company, DemoCast.Admin);
        await scope.ServiceProvider.GetRequiredService<CatalogSync>().SyncNowAsync(ct);
    }

    /// <summary>A run's history differs from the last run's (new times), yet the same database and seed give the same one.</summary>
    private static Random HistoryRandom(DemoSeedRequest request, DemoCompanySeed seed) =>
        new(unchecked(request.Seed * 31 + seed.Existing * 7 + seed.Catalog.Company.Key.Length + (int)(seed.Tally.HistoryCards * 13)));
}
