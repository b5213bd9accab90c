using System.Security.Claims;
using ClaraPortal.Clara;
using ClaraPortal.Sandbox;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static ClaraPortal.Web.Tests.Features.Issuance.IssuanceHarness;

namespace ClaraPortal.Web.Tests.Features.Companies;

/// <summary>
/// The jobs that run without a user (catalog sync, outcome resolver) work company by company: each company's rows,
/// through a Clara client acting for that company. Real sandbox over mutual TLS, real SQLite file.
/// </summary>
public sealed class CompanyBackgroundJobsTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private static readonly string ServiciosRfc = SandboxServer.Companies[1].TaxIdentifier;
    private static readonly string OwnerRfc = SandboxServer.Companies[0].TaxIdentifier;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ClaraClient _clara = null!;
    private IssuanceHarness _harness = null!;

    private static ClaimsPrincipal ServiciosAdmin => TestUsers.InCompany(Admin, TestCompanies.Servicios);

    public async Task InitializeAsync()
    {
        // No retries: one lost answer is an unknown outcome for the portal, as a longer outage would be.
        _clara = sandbox.CreateClient(o => o.MaxRetries = 0);
        _harness = await CreateAsync(_clara, time: _time);
    }

    public async Task DisposeAsync()
    {
        sandbox.Server.Faults.ClearScript();
        await _harness.DisposeAsync();
        _clara.Dispose();
    }

    [Fact]
    public async Task Syncing_servicios_fills_servicios_cache_only_and_leaves_the_owners_rows_untouched()
    {
        var ownerBefore = await SnapshotAsync(CompanyKeys.Owner);
        Assert.Contains("Clara Card Black", ownerBefore.FundingCards, StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromHours(1));

        var result = await _harness.Service<CatalogSync>(ServiciosAdmin).SyncNowAsync();

        Assert.True(result.Succeeded, result.Message);
        var ownerAfter = await SnapshotAsync(CompanyKeys.Owner);
        Assert.Equal(ownerBefore, ownerAfter);
        var servicios = await SnapshotAsync(TestCompanies.Servicios.Key);
        Assert.Equal("Servicios Card MXN|Servicios Card USD", servicios.FundingCards);
        Assert.Equal("Servicios Generales|Servicios Viajes", servicios.Templates);
        Assert.Equal(_time.GetUtcNow(), servicios.LastSynced);
        Assert.Equal(0, servicios.Removed);

        await using var any = _harness.Database.CreateDbContext(CompanyKeys.Owner);
        var runs = await any.CatalogSyncRuns.IgnoreQueryFilters().AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([(CompanyKeys.Owner, "dev-admin"), (ServiciosRfc, "dev-admin")], runs.Select(r => (r.Company, r.RequestedBy)));
        Assert.All(runs, r => Assert.Equal(CatalogSyncOutcome.Succeeded, r.Outcome));
        Assert.Equal((2, 2), (runs[1].FundingCards, runs[1].Templates));
        Assert.Equal(result.Added, runs[1].Added);
    }

    [Fact]
    public async Task The_schedule_at_start_syncs_every_configured_company_through_its_own_client()
    {
        await using var database = await TempPortalDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(database.Options);
        services.AddPortalContexts();
        services.AddSingleton(TestCompanies.Sandbox);
        services.AddSingleton(sandbox.Client);
        services.AddScoped<IClaraClient, CompanyClaraClient>();
        services.AddSingleton(PortalServices.CurrentUser(TestUsers.Anonymous));
        services.AddSingleton(new CatalogSyncGate());
        services.AddSingleton<TimeProvider>(_time);
        services.AddScoped<CatalogSync>();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using var schedule = new CatalogSyncSchedule(
            provider.GetRequiredService<IServiceScopeFactory>(), TestCompanies.Sandbox, new CatalogSyncInterval(TimeSpan.Zero), _time,
            provider.GetRequiredService<ILogger<CatalogSyncSchedule>>());

        await schedule.StartAsync(CancellationToken.None);
        await schedule.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var (company, mine, theirs) in new[] { (TestCompanies.Owner, "Clara Card Black", "Servicios Card MXN"), (TestCompanies.Servicios, "Servicios Card MXN", "Clara Card Black") })
        {
            await using var db = database.CreateDbContext(company.Key);
            var run = await db.CatalogSyncRuns.AsNoTracking().SingleAsync();
            Assert.Equal((CatalogSyncOutcome.Succeeded, CatalogSyncSchedule.SystemActor, company.Key), (run.Outcome, run.RequestedBy, run.Company));
            var cards = await db.FundingCards.AsNoTracking().Select(f => f.Alias).ToListAsync();
            Assert.Contains(mine, cards);
            Assert.DoesNotContain(theirs, cards);
        }

        // A second start finds both caches filled and syncs nobody again.
        using var again = new CatalogSyncSchedule(
            provider.GetRequiredService<IServiceScopeFactory>(), TestCompanies.Sandbox, new CatalogSyncInterval(TimeSpan.Zero), _time,
            provider.GetRequiredService<ILogger<CatalogSyncSchedule>>());
        await again.StartAsync(CancellationToken.None);
        await again.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
        await using var all = database.CreateDbContext(CompanyKeys.Owner);
        Assert.Equal(2, await all.CatalogSyncRuns.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task The_resolver_settles_a_servicios_card_whose_answer_was_lost_through_a_servicios_client()
    {
        Assert.True((await _harness.Service<CatalogSync>(ServiciosAdmin).SyncNowAsync()).Succeeded);
        var reference = $"LOST-{TestReferences.Unique()}"[..20];
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.LostAfterCommit);

        var result = await _harness.Vcn(TestUsers.InCompany(Issuer, TestCompanies.Servicios)).IssueAsync(CompanyCardScopingTests.ServiciosRequest(350m, reference));

        var id = Assert.IsType<IssueCardResult.OutcomeUnknown>(result).CardPurchaseId;
        var atClara = Assert.Single(sandbox.Server.ListPurchases(ServiciosRfc), p => p.Reference == reference);
        Assert.Equal(CardPurchaseStatus.OutcomeUnknown, (await RowAsync(id)).Status);

        // The owner's resolver does not even see it, schedule or not.
        Assert.Equal(0, (await _harness.Resolver(Issuer).ResolveDueAsync(ignoreSchedule: true)).Looked);

        _time.Advance(TimeSpan.FromHours(1));
        using var service = new OutcomeResolverService(
            _harness.Service<IServiceScopeFactory>(Admin), TestCompanies.Sandbox,
            Options.Create(new OutcomeResolverOptions { Interval = TimeSpan.FromMinutes(5) }), _time, NullLogger<OutcomeResolverService>.Instance);
        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await RowAsync(id)).Status == CardPurchaseStatus.OutcomeUnknown && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await service.StopAsync(CancellationToken.None);

        var row = await RowAsync(id);
        Assert.Equal(CardPurchaseStatus.Active, row.Status);
        Assert.Equal(atClara.PurchaseId, row.ClaraPurchaseId);
        Assert.Null(row.NextResolveAt);
        Assert.Equal(TestCompanies.Servicios.Key, row.Company);
        Assert.NotNull(row.Last4);
        // The replay returned Servicios' first card: no second one, and none at the owner.
        Assert.Single(sandbox.Server.ListPurchases(), p => p.Reference == reference);
        Assert.DoesNotContain(sandbox.Server.ListPurchases(OwnerRfc), p => p.Reference == reference);
    }

    private async Task<CardPurchase> RowAsync(Guid id)
    {
        await using var db = _harness.Database.CreateDbContext(TestCompanies.Servicios.Key);
        return await db.CardPurchases.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<CatalogSnapshot> SnapshotAsync(string company)
    {
        await using var db = _harness.Database.CreateDbContext(company);
        var cards = await db.FundingCards.AsNoTracking().OrderBy(f => f.Alias).ToListAsync();
        var templates = await db.CardTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync();
        var suppliers = await db.Suppliers.AsNoTracking().ToListAsync();
        var removed = cards.Count(c => c.RemovedAt != null) + templates.Count(t => t.RemovedAt != null) + suppliers.Count(s => s.RemovedAt != null);
        var lastSynced = cards.Select(c => c.LastSyncedAt).Concat(templates.Select(t => t.LastSyncedAt)).Concat(suppliers.Select(s => s.LastSyncedAt)).DefaultIfEmpty().Max();
        return new CatalogSnapshot(
            string.Join("|", cards.Select(c => c.Alias)), string.Join("|", templates.Select(t => t.Name)), suppliers.Count, removed, lastSynced);
    }

    /// <summary>What a company's cache holds, comparable as a whole (names joined, so record equality compares them).</summary>
    private sealed record CatalogSnapshot(string FundingCards, string Templates, int Suppliers, int Removed, DateTimeOffset LastSynced);
}
