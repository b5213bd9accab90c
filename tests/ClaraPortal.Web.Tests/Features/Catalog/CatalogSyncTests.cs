using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static ClaraPortal.Web.Tests.Features.Catalog.CatalogFixtures;

namespace ClaraPortal.Web.Tests.Features.Catalog;

public sealed class CatalogSyncTests : IAsyncLifetime
{
    private readonly FakeClaraClient _clara = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero));
    private readonly TestLog _log = new();
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task First_sync_fills_the_cache_and_records_the_run()
    {
        _clara.Catalog = CatalogOf(
            [Rcn(38105, "Clara Card Black")],
            [Template(50631, "Clara Hotels")],
            [Supplier(47401, "Hotel Núñez", "HNU010101AB1"), Supplier(47402, "Aerolínea Azul", "AAZ020202CD2", "4511")]);

        var result = await SyncAs(PortalRoles.Issuer);

        Assert.True(result.Succeeded);
        Assert.Equal((4, 0, 0), (result.Added, result.Updated, result.Removed));
        await using var db = _database.CreateDbContext();
        var card = await db.FundingCards.SingleAsync();
        Assert.Equal(("Clara Card Black", 5000m, _time.GetUtcNow()), (card.Alias, card.AvailableCredit!.Value, card.LastSyncedAt));
        var template = await db.CardTemplates.SingleAsync();
        var definition = template.ReadDefinition();
        Assert.Equal(["MXN", "USD"], definition.AllowedCurrencies);
        Assert.Equal("3501", Assert.Single(definition.PurchaseTypes).Mcc);
        Assert.True(Assert.Single(definition.CustomFields).Required);
        Assert.Equal(5, Assert.Single(Assert.Single(definition.Rules).Controls).MaxTransactions);
        Assert.Equal("hotel nunez hnu010101ab1 3501", (await db.Suppliers.SingleAsync(s => s.ClaraId == 47401)).SearchText);
        var run = await db.CatalogSyncRuns.SingleAsync();
        Assert.Equal((CatalogSyncOutcome.Succeeded, "dev-issuer", 1, 1, 2), (run.Outcome, run.RequestedBy, run.FundingCards, run.Templates, run.Suppliers));
    }

    [Fact]
    public async Task A_second_sync_updates_changes_marks_removals_and_adds_new_entries()
    {
        _clara.Catalog = CatalogOf([Rcn(1, "Black")], [Template(10, "Hotels")], [Supplier(100, "Alpha"), Supplier(101, "Beta")]);
        await SyncAs(PortalRoles.Admin);

        _time.Advance(TimeSpan.FromHours(1));
        _clara.Catalog = CatalogOf([Rcn(1, "Black", credit: 1234.56m)], [Template(10, "Hotels")], [Supplier(100, "Alpha Renamed"), Supplier(102, "Gamma")]);
        var result = await SyncAs(PortalRoles.Admin);

        Assert.Equal((1, 2, 1), (result.Added, result.Updated, result.Removed));
        await using var db = _database.CreateDbContext();
        Assert.Equal(1234.56m, (await db.FundingCards.SingleAsync()).AvailableCredit);
        Assert.Equal("Alpha Renamed", (await db.Suppliers.SingleAsync(s => s.ClaraId == 100)).Name);
        var beta = await db.Suppliers.SingleAsync(s => s.ClaraId == 101);
        Assert.Equal(_time.GetUtcNow(), beta.RemovedAt);
        Assert.Equal(2, await db.CatalogSyncRuns.CountAsync(r => r.Outcome == CatalogSyncOutcome.Succeeded));

        // Back in Clara's answer: back in the catalog.
        _clara.Catalog = CatalogOf([Rcn(1, "Black", credit: 1234.56m)], [Template(10, "Hotels")], [Supplier(100, "Alpha Renamed"), Supplier(101, "Beta"), Supplier(102, "Gamma")]);
        await SyncAs(PortalRoles.Admin);
        await using var after = _database.CreateDbContext();
        Assert.Null((await after.Suppliers.SingleAsync(s => s.ClaraId == 101)).RemovedAt);
    }

    [Fact]
    public async Task An_unchanged_catalog_counts_no_updates()
    {
        _clara.Catalog = CatalogOf([Rcn(1, "Black")], [Template(10, "Hotels")], [Supplier(100, "Alpha")]);
        await SyncAs(PortalRoles.Issuer);

        var again = await SyncAs(PortalRoles.Issuer);

        Assert.Equal((0, 0, 0), (again.Added, again.Updated, again.Removed));
    }

    [Fact]
    public async Task When_clara_fails_the_run_is_recorded_as_failed_and_the_cache_is_kept()
    {
        _clara.Catalog = CatalogOf([Rcn(1, "Black")]);
        await SyncAs(PortalRoles.Issuer);
        _clara.CatalogFailure = new HttpRequestException("Connection refused (sandbox down)");

        var result = await SyncAs(PortalRoles.Issuer);

        Assert.False(result.Succeeded);
        // Stored for later readers in their own language, never the transport's own text.
        Assert.Equal("Errors.ClaraUnreachable", result.Message);
        Assert.DoesNotContain("Connection refused", result.Message, StringComparison.Ordinal);
        var warning = Assert.Single(_log.Of<CatalogSync>(), e => e.Level == LogLevel.Warning);
        Assert.IsType<HttpRequestException>(warning.Exception);
        await using var db = _database.CreateDbContext();
        Assert.Equal("Black", (await db.FundingCards.SingleAsync()).Alias);
        Assert.Equal(CatalogSyncOutcome.Failed, (await db.CatalogSyncRuns.OrderBy(r => r.Id).LastAsync()).Outcome);
        var status = await new CatalogQueries(_database, PortalServices.CurrentUser(TestUsers.InRole(PortalRoles.Auditor))).GetSyncStatusAsync();
        Assert.Equal(CatalogSyncOutcome.Failed, status.Latest!.Outcome);
        Assert.Equal(CatalogSyncOutcome.Succeeded, status.LastSucceeded!.Outcome);
    }

    [Theory]
    [InlineData(PortalRoles.Approver)]
    [InlineData(PortalRoles.Auditor)]
    public async Task Roles_that_may_not_sync_are_refused_before_clara_is_called(string role)
    {
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => SyncAs(role));

        Assert.Equal(PortalPolicies.CanSyncCatalog, error.Policy);
        Assert.Equal(0, _clara.CatalogCalls);
    }

    [Fact]
    public async Task Nobody_signed_in_is_refused()
    {
        var sync = NewSync(TestUsers.Anonymous);

        await Assert.ThrowsAsync<AccessDeniedException>(() => sync.SyncNowAsync());
    }

    [Fact]
    public async Task Readiness_is_degraded_until_a_sync_succeeds()
    {
        var check = new ClaraPortal.Web.Health.CatalogHealthCheck(_database.Portal, TestCompanies.OwnerOnly);
        var context = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext();

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, (await check.CheckHealthAsync(context)).Status);

        _clara.CatalogFailure = new HttpRequestException("Clara is down");
        await SyncAs(PortalRoles.Issuer);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, (await check.CheckHealthAsync(context)).Status);

        _clara.CatalogFailure = null;
        _clara.Catalog = CatalogOf([Rcn(38105, "Clara Card Black")], [Template(50631, "Clara Hotels")], []);
        await SyncAs(PortalRoles.Issuer);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_a_failed_sync_and_the_cache_stays()
    {
        _clara.Catalog = CatalogOf([Rcn(1, "Black")], [Template(10, "Hotels")], [Supplier(100, "Alpha")]);
        await SyncAs(PortalRoles.Issuer);
        _clara.CatalogFailure = new System.Text.Json.JsonException("'<' is an invalid start of a value.");

        var result = await SyncAs(PortalRoles.Issuer);

        Assert.False(result.Succeeded);
        await using var db = _database.CreateDbContext();
        Assert.Equal(CatalogSyncOutcome.Failed, (await db.CatalogSyncRuns.OrderByDescending(r => r.Id).FirstAsync()).Outcome);
        Assert.Equal(1, await db.Suppliers.CountAsync(s => s.RemovedAt == null));
    }

    [Fact]
    public async Task A_scheduled_sync_that_throws_is_logged_and_does_not_stop_the_portal()
    {
        var time = new TimerWatchingTimeProvider(_time.GetUtcNow());
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_log));
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(_database);
        services.AddSingleton(_database.Options);
        services.AddPortalContexts();
        services.AddSingleton(TestCompanies.OwnerOnly);
        services.AddSingleton<IClaraClient>(_clara);
        services.AddSingleton(PortalServices.CurrentUser(TestUsers.InRole(PortalRoles.Admin)));
        services.AddSingleton(new CatalogSyncGate());
        services.AddSingleton<TimeProvider>(time);
        services.AddScoped<CatalogSync>();
        await using var provider = services.BuildServiceProvider();
        // Not one of the failures CatalogSync records (a client certificate that cannot be loaded, say).
        _clara.CatalogFailure = new InvalidOperationException("The Clara client certificate could not be loaded.");
        using var schedule = new CatalogSyncSchedule(
            provider.GetRequiredService<IServiceScopeFactory>(), TestCompanies.OwnerOnly, new CatalogSyncInterval(TimeSpan.FromHours(1)), time,
            provider.GetRequiredService<ILogger<CatalogSyncSchedule>>());

        await schedule.StartAsync(CancellationToken.None);

        // The sync at start threw: logged as an error with its exception, and the loop went on to wait for the next tick.
        await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(10));
        var crash = Assert.Single(_log.Of<CatalogSyncSchedule>(), e => e.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(crash.Exception);
        Assert.Contains("Scheduled catalog sync failed unexpectedly", crash.Message, StringComparison.Ordinal);
        Assert.False(schedule.ExecuteTask!.IsCompleted);
        Assert.Equal(1, _clara.CatalogCalls);

        // An hour later the schedule syncs again, and this time Clara answers.
        _clara.CatalogFailure = null;
        _clara.Catalog = CatalogOf([Rcn(1, "Black")], [Template(10, "Hotels")], [Supplier(100, "Alpha")]);
        time.Advance(TimeSpan.FromHours(1));
        await WaitForAsync(async () =>
        {
            await using var db = _database.CreateDbContext();
            return await db.CatalogSyncRuns.AnyAsync(r => r.Outcome == CatalogSyncOutcome.Succeeded);
        });

        Assert.Equal(2, _clara.CatalogCalls);
        await using (var db = _database.CreateDbContext())
        {
            var run = await db.CatalogSyncRuns.SingleAsync(r => r.Outcome == CatalogSyncOutcome.Succeeded);
            Assert.Equal((CatalogSyncSchedule.SystemActor, time.GetUtcNow()), (run.RequestedBy, run.StartedAt));
        }

        await schedule.StopAsync(CancellationToken.None);
        Assert.False(schedule.ExecuteTask.IsFaulted);
        Assert.Single(_log.Of<CatalogSyncSchedule>(), e => e.Level == LogLevel.Error);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The scheduled sync did not run.");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Says when the schedule's PeriodicTimer exists: advancing the clock before that would move time past a timer
    /// not yet created, and the test would wait for a tick that never comes.
    /// </summary>
    private sealed class TimerWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _created.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _created.TrySetResult();
            return timer;
        }
    }

    private Task<CatalogSyncResult> SyncAs(string role) => NewSync(TestUsers.InRole(role)).SyncNowAsync();

    private CatalogSync NewSync(System.Security.Claims.ClaimsPrincipal user) =>
        new(_database, _clara, PortalServices.CurrentUser(user), new CatalogSyncGate(), _time, _log.For<CatalogSync>());
}
