using System.Security.Claims;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Dashboard;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static ClaraPortal.Web.Tests.Features.Dashboard.DashboardSeed;

namespace ClaraPortal.Web.Tests.Features.Dashboard;

/// <summary>
/// The dashboard's figures on a real SQLite file: sums of the reports' ledger by supplier, template and month (charges
/// less refunds and reversals, declines nothing), currencies apart, the top-10 cut, the window's edges, and each role's reach.
/// </summary>
public sealed class DashboardQueriesTests : IAsyncLifetime
{
    /// <summary>Today: the window runs from 1 December 2025 to 30 November 2026.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly ReportedTo = new(2026, 11, 19);

    private readonly FakeTimeProvider _time = new(Now);
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _time.SetLocalTimeZone(TimeZoneInfo.Utc);
        _database = await TempPortalDatabase.CreateAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private DashboardQueries QueriesFor(ClaimsPrincipal user, SpendOverviewCache? cache = null) =>
        new(_database, PortalServices.CurrentUser(user), _time, cache ?? new SpendOverviewCache(_time));

    private DashboardQueries QueriesFor(string role) => QueriesFor(TestUsers.InRole(role));

    private static DateTimeOffset At(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Spend_is_charges_less_refunds_and_reversals_by_supplier_template_and_month_and_declines_add_nothing()
    {
        var a = Card("dev-issuer", 1000m, At(2026, 3, 10), Airline, Purchases);
        var b = Card("dev-issuer", 500m, At(2026, 11, 5), Hotel, Purchases);
        var c = Card("dev-issuer-2", 200m, At(2026, 11, 6), Airline, Travel, status: CardPurchaseStatus.Cancelled);
        var refused = Card("dev-issuer", 999m, At(2026, 11, 6), Airline, Purchases, status: CardPurchaseStatus.Failed);
        await AddAsync(_database, a, b, c, refused, ReadyReport(ReportedTo),
            Charge(a, At(2026, 3, 15), 300m),
            Posted(a, At(2026, 4, 1), TransactionType.Refund, 50m),
            Posted(a, At(2026, 4, 2), TransactionType.Decline, 80m),
            Charge(b, At(2026, 11, 6), 120m),
            Posted(b, At(2026, 11, 7), TransactionType.Reversal, 20m),
            Charge(c, At(2026, 11, 8), 10m));

        var spend = await QueriesFor(PortalRoles.Auditor).SpendAsync();

        Assert.Equal(SpendScope.Company, spend.Scope);
        Assert.Equal("MXN", spend.Currency);
        Assert.Equal(ReportedTo, spend.ReportedThrough);
        Assert.Equal((new DateOnly(2025, 12, 1), new DateOnly(2026, 11, 30)), (spend.From, spend.To));
        // The refused card is no card and no limit; the cancelled one was issued and counts.
        Assert.Equal(
            [new SpendGroup(Airline.Id, Airline.Name, 2, 1200m, 260m), new SpendGroup(Hotel.Id, Hotel.Name, 1, 500m, 100m)],
            spend.BySupplier);
        Assert.Equal(
            [new SpendGroup(Purchases.Id, Purchases.Name, 2, 1500m, 350m), new SpendGroup(Travel.Id, Travel.Name, 1, 200m, 10m)],
            spend.ByTemplate);
        Assert.Equal(12, spend.ByMonth.Count);
        Assert.Equal(new DateOnly(2025, 12, 1), spend.ByMonth[0].Month);
        Assert.Equal(new SpendMonth(new DateOnly(2026, 3, 1), 1, 1000m, 300m), spend.ByMonth[3]);
        Assert.Equal(new SpendMonth(new DateOnly(2026, 4, 1), 0, 0m, -50m), spend.ByMonth[4]);
        Assert.Equal(new SpendMonth(new DateOnly(2026, 11, 1), 2, 700m, 110m), spend.ByMonth[11]);
        Assert.Equal(0m, spend.ByMonth.Where((_, i) => i is not (3 or 4 or 11)).Sum(m => m.Cards + m.Limits + m.Spent));
        Assert.Equal(0m, spend.UnmatchedSpend);
    }

    [Fact]
    public async Task Currencies_stay_apart_and_the_default_is_the_one_with_most_cards()
    {
        var usd1 = Card("dev-issuer", 100m, At(2026, 10, 1), Airline, currency: "USD");
        var usd2 = Card("dev-issuer", 300m, At(2026, 10, 2), Hotel, currency: "USD");
        var mxn = Card("dev-issuer", 5000m, At(2026, 10, 3), Airline, currency: "MXN");
        await AddAsync(_database, usd1, usd2, mxn, ReadyReport(ReportedTo),
            Charge(usd1, At(2026, 10, 5), 40m), Charge(mxn, At(2026, 10, 5), 2000m),
            // A purchase in another currency than its card's: it belongs to that currency's figures, never to the card's.
            Posted(mxn, At(2026, 10, 6), TransactionType.Charge, 7m, currency: "USD"));
        var queries = QueriesFor(PortalRoles.Auditor);

        var byDefault = await queries.SpendAsync();
        var pesos = await queries.SpendAsync("mxn");
        var unknown = await queries.SpendAsync("EUR");

        Assert.Equal([new CurrencyShare("USD", 2), new CurrencyShare("MXN", 1)], byDefault.Currencies);
        Assert.Equal("USD", byDefault.Currency);
        Assert.Equal([new SpendGroup(Airline.Id, Airline.Name, 1, 100m, 47m), new SpendGroup(Hotel.Id, Hotel.Name, 1, 300m, 0m)], byDefault.BySupplier);
        Assert.Equal(47m, byDefault.ByMonth[10].Spent);
        Assert.Equal("MXN", pesos.Currency);
        Assert.Equal([new SpendGroup(Airline.Id, Airline.Name, 1, 5000m, 2000m)], pesos.BySupplier);
        Assert.Equal(new SpendMonth(new DateOnly(2026, 10, 1), 1, 5000m, 2000m), pesos.ByMonth[10]);
        Assert.Equal("USD", unknown.Currency);
    }

    [Fact]
    public async Task Only_the_ten_largest_by_spend_are_listed_and_the_count_says_how_many_there_are()
    {
        var rows = new List<object> { ReadyReport(ReportedTo) };
        for (var n = 1; n <= 12; n++)
        {
            var card = Card("dev-issuer", 1000m, At(2026, 6, n), (100 + n, $"Supplier {n:00}"), (200 + n, $"Template {n:00}"));
            rows.Add(card);
            rows.Add(Charge(card, At(2026, 7, n), n * 10m));
        }

        await AddAsync(_database, [.. rows]);

        var spend = await QueriesFor(PortalRoles.Admin).SpendAsync();

        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(n => $"Supplier {n:00}"), spend.BySupplier.Select(s => s.Name));
        Assert.Equal(12, spend.SupplierCount);
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(n => 200L + n), spend.ByTemplate.Select(t => t.Id));
        Assert.Equal(12, spend.TemplateCount);
        // The months still hold everything.
        Assert.Equal(12, spend.ByMonth[6].Cards);
        Assert.Equal(780m, spend.ByMonth[7].Spent);
    }

    [Fact]
    public async Task The_window_is_the_current_month_and_the_eleven_before_it_in_the_portals_time_zone()
    {
        // Six hours behind UTC: the window starts at 1 December 2025 00:00 there, 06:00 UTC.
        var zone = TimeZoneInfo.CreateCustomTimeZone("Portal-6", TimeSpan.FromHours(-6), "Portal-6", "Portal-6");
        _time.SetLocalTimeZone(zone);
        var start = new DateTimeOffset(2025, 12, 1, 6, 0, 0, TimeSpan.Zero);
        var nextMonth = new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
        var before = Card("dev-issuer", 1m, start.AddTicks(-1));
        var first = Card("dev-issuer", 2m, start);
        var last = Card("dev-issuer", 4m, nextMonth.AddTicks(-1));
        await AddAsync(_database, before, first, last, ReadyReport(ReportedTo),
            Charge(first, start.AddTicks(-1), 100m), Charge(first, start, 10m),
            Charge(last, nextMonth.AddTicks(-1), 20m), Charge(last, nextMonth, 1000m));

        var spend = await QueriesFor(PortalRoles.Auditor).SpendAsync();

        Assert.Equal(new SpendMonth(new DateOnly(2025, 12, 1), 1, 2m, 10m), spend.ByMonth[0]);
        Assert.Equal(new SpendMonth(new DateOnly(2026, 11, 1), 1, 4m, 20m), spend.ByMonth[^1]);
        Assert.Equal([new SpendGroup(Airline.Id, Airline.Name, 2, 6m, 30m)], spend.BySupplier);
    }

    [Fact]
    public async Task Before_any_report_is_ready_there_is_no_spend_only_cards_and_limits()
    {
        var card = Card("dev-issuer", 800m, At(2026, 9, 1));
        // A failed report brought nothing in; a stray ledger row is no finished report either.
        await AddAsync(_database, card, ReadyReport(ReportedTo, ReportState.Failed), Charge(card, At(2026, 9, 2), 90m));

        var spend = await QueriesFor(PortalRoles.Approver).SpendAsync();

        Assert.False(spend.HasReports);
        Assert.Null(spend.ReportedThrough);
        Assert.Equal([new SpendGroup(Airline.Id, Airline.Name, 1, 800m, 0m)], spend.BySupplier);
        Assert.All(spend.ByMonth, m => Assert.Equal(0m, m.Spent));
    }

    [Fact]
    public async Task Spend_on_purchases_the_portal_does_not_know_is_in_the_months_not_in_a_supplier()
    {
        var card = Card("dev-issuer", 800m, At(2026, 9, 1));
        await AddAsync(_database, card, ReadyReport(ReportedTo), Charge(card, At(2026, 9, 2), 90m), Charge(null, At(2026, 9, 3), 15m),
            Posted(null, At(2026, 9, 4), TransactionType.Refund, 5m));

        var spend = await QueriesFor(PortalRoles.Auditor).SpendAsync();

        Assert.Equal(10m, spend.UnmatchedSpend);
        Assert.Equal(100m, spend.ByMonth[9].Spent);
        Assert.Equal(90m, Assert.Single(spend.BySupplier).Spent);
    }

    [Fact]
    public async Task Nothing_issued_in_the_window_means_no_currency_and_no_figures()
    {
        await AddAsync(_database, Card("dev-issuer", 10m, At(2025, 6, 1)), ReadyReport(ReportedTo));

        var spend = await QueriesFor(PortalRoles.Auditor).SpendAsync();

        Assert.Null(spend.Currency);
        Assert.Empty(spend.Currencies);
        Assert.Empty(spend.BySupplier);
        Assert.Empty(spend.ByMonth);
        Assert.True(spend.HasReports);
    }

    [Fact]
    public async Task An_issuer_sees_their_own_cards_and_spend_only()
    {
        var mine = Card("dev-issuer", 100m, At(2026, 8, 1), Airline);
        var theirs = Card("dev-issuer-2", 5000m, At(2026, 8, 1), Hotel);
        await AddAsync(_database, mine, theirs, ReadyReport(ReportedTo), Charge(mine, At(2026, 8, 2), 30m), Charge(theirs, At(2026, 8, 2), 900m),
            Charge(null, At(2026, 8, 3), 55m));

        var spend = await QueriesFor(PortalRoles.Issuer).SpendAsync();

        Assert.Equal(SpendScope.Mine, spend.Scope);
        Assert.Equal([new SpendGroup(Airline.Id, Airline.Name, 1, 100m, 30m)], spend.BySupplier);
        Assert.Equal(new SpendMonth(new DateOnly(2026, 8, 1), 1, 100m, 30m), spend.ByMonth[8]);
        Assert.Equal(0m, spend.UnmatchedSpend);
    }

    [Theory]
    [InlineData(PortalRoles.Approver)]
    [InlineData(PortalRoles.Auditor)]
    [InlineData(PortalRoles.Admin)]
    public async Task Roles_that_open_history_see_the_whole_company(string role)
    {
        await AddAsync(_database, Card("dev-issuer", 100m, At(2026, 8, 1)), Card("dev-issuer-2", 50m, At(2026, 8, 1)));

        var spend = await QueriesFor(role).SpendAsync();

        Assert.Equal(SpendScope.Company, spend.Scope);
        Assert.Equal(150m, Assert.Single(spend.BySupplier).Limits);
    }

    [Fact]
    public async Task Someone_without_a_role_is_refused()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => QueriesFor(TestUsers.WithRoles("someone", "Some One")).SpendAsync());
    }

    [Fact]
    public async Task Quick_figures_are_kept_until_a_card_or_report_comes_in_and_five_minutes_at_most()
    {
        var cache = new SpendOverviewCache(_time);
        var card = Card("dev-issuer", 100m, At(2026, 8, 1));
        await AddAsync(_database, card, ReadyReport(ReportedTo));
        var first = await QueriesFor(TestUsers.InRole(PortalRoles.Auditor), cache).SpendAsync();
        // A ledger row without a finished report: nothing the fingerprint sees, so the kept figures stand for now.
        await AddAsync(_database, Charge(card, At(2026, 8, 2), 40m));

        var kept = await QueriesFor(TestUsers.InRole(PortalRoles.Admin), cache).SpendAsync();
        _time.Advance(SpendOverviewCache.Lifetime);
        var expired = await QueriesFor(TestUsers.InRole(PortalRoles.Auditor), cache).SpendAsync();
        await AddAsync(_database, Card("dev-issuer", 50m, At(2026, 8, 3)));
        var newCard = await QueriesFor(TestUsers.InRole(PortalRoles.Auditor), cache).SpendAsync();
        var issuers = await QueriesFor(TestUsers.InRole(PortalRoles.Issuer), cache).SpendAsync();

        Assert.Same(first, kept);
        Assert.Equal(0m, kept.BySupplier[0].Spent);
        Assert.Equal(40m, expired.BySupplier[0].Spent);
        Assert.Equal(Now + SpendOverviewCache.Lifetime, expired.ComputedAt);
        Assert.Equal(150m, Assert.Single(newCard.BySupplier).Limits);
        Assert.Equal(SpendScope.Mine, issuers.Scope);
    }

    [Fact]
    public async Task Slow_figures_are_kept_five_minutes_even_after_new_cards()
    {
        // Every computation counts as slow here, as at a million cards.
        var cache = new SpendOverviewCache(_time, slow: TimeSpan.Zero);
        await AddAsync(_database, Card("dev-issuer", 100m, At(2026, 8, 1)));
        var first = await QueriesFor(TestUsers.InRole(PortalRoles.Auditor), cache).SpendAsync();
        await AddAsync(_database, Card("dev-issuer", 50m, At(2026, 8, 3)));

        var kept = await QueriesFor(TestUsers.InRole(PortalRoles.Auditor), cache).SpendAsync();
        _time.Advance(SpendOverviewCache.Lifetime);
        var renewed = await QueriesFor(TestUsers.InRole(PortalRoles.Auditor), cache).SpendAsync();

        Assert.Same(first, kept);
        Assert.Equal(150m, Assert.Single(renewed.BySupplier).Limits);
    }

    [Fact]
    public async Task Slow_figures_give_way_to_a_finished_report()
    {
        var cache = new SpendOverviewCache(_time, slow: TimeSpan.Zero);
        var card = Card("dev-issuer", 100m, At(2026, 8, 1));
        await AddAsync(_database, card);
        var before = await QueriesFor(TestUsers.InRole(PortalRoles.Auditor), cache).SpendAsync();
        await AddAsync(_database, ReadyReport(ReportedTo), Charge(card, At(2026, 8, 2), 40m));

        var after = await QueriesFor(TestUsers.InRole(PortalRoles.Auditor), cache).SpendAsync();

        Assert.False(before.HasReports);
        Assert.True(after.HasReports);
        Assert.Equal(40m, Assert.Single(after.BySupplier).Spent);
    }

    [Fact]
    public async Task The_issuer_panel_counts_their_pending_requests_expiring_cards_and_budget_used_this_month()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await AddAsync(_database,
            Request("dev-issuer", 10m, At(2026, 11, 1)), Request("dev-issuer", 20m, At(2026, 11, 2)),
            Request("dev-issuer", 30m, At(2026, 11, 3), ApprovalStatus.Approved), Request("dev-issuer-2", 40m, At(2026, 11, 3)),
            Card("dev-issuer", 1m, At(2026, 10, 1), validTo: today),
            Card("dev-issuer", 1m, At(2026, 10, 1), validTo: today.AddDays(14)),
            Card("dev-issuer", 1m, At(2026, 10, 1), validTo: today.AddDays(15)),
            Card("dev-issuer", 1m, At(2026, 10, 1), validTo: today.AddDays(-1)),
            Card("dev-issuer", 1m, At(2026, 10, 1), validTo: today.AddDays(3), status: CardPurchaseStatus.Cancelled),
            Card("dev-issuer-2", 1m, At(2026, 10, 1), validTo: today.AddDays(3)),
            // This month's cards in pesos count against the budget: 1,200 + 300 (a refused one does not).
            Card("dev-issuer", 1200m, At(2026, 11, 2)), Card("dev-issuer", 300m, At(2026, 11, 3), status: CardPurchaseStatus.Cancelled),
            Card("dev-issuer", 900m, At(2026, 11, 4), status: CardPurchaseStatus.Failed), Card("dev-issuer", 99m, At(2026, 11, 4), currency: "USD"),
            new IssuerAuthority { Subject = "dev-issuer", Currency = "MXN", MonthlyBudget = 10_000m, UpdatedBy = "dev-admin", UpdatedAt = Now },
            new IssuerAuthority { Subject = "dev-issuer", Currency = "USD", SingleCardLimit = 500m, UpdatedBy = "dev-admin", UpdatedAt = Now });

        var summary = await QueriesFor(PortalRoles.Issuer).IssuerAsync();

        Assert.Equal(2, summary.PendingRequests);
        Assert.Equal(2, summary.ExpiringCards);
        Assert.Equal((today, today.AddDays(14)), (summary.ExpiringFrom, summary.ExpiringTo));
        Assert.Equal([new BudgetUse("MXN", 10_000m, 1500m)], summary.Budgets);
        Assert.Equal(new DateOnly(2026, 11, 1), summary.MonthStart);
    }

    [Fact]
    public async Task The_checks_count_unsettled_requests_and_the_last_thirty_days_failures()
    {
        var since = Now.AddDays(-30);
        await AddAsync(_database,
            Card("dev-issuer", 1m, At(2025, 1, 1), status: CardPurchaseStatus.OutcomeUnknown),
            Card("dev-issuer", 1m, At(2026, 11, 19), status: CardPurchaseStatus.OutcomeUnknown),
            Card("dev-issuer", 1m, At(2026, 11, 19), status: CardPurchaseStatus.Failed),
            Card("dev-issuer", 1m, since.AddDays(-1), status: CardPurchaseStatus.Failed),
            Card("dev-issuer", 1m, At(2026, 11, 19), status: CardPurchaseStatus.Rejected),
            Event(ApprovalAuditActions.Failed, At(2026, 11, 10)), Event(ApprovalAuditActions.Failed, since.AddDays(-2)),
            Event(ApprovalAuditActions.CarriedOut, At(2026, 11, 10)));

        var summary = await QueriesFor(PortalRoles.Auditor).OversightAsync();

        Assert.Equal(new OversightSummary(2, 1, 1, new DateOnly(2026, 10, 21)), summary);
        await Assert.ThrowsAsync<AccessDeniedException>(() => QueriesFor(PortalRoles.Issuer).OversightAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => QueriesFor(PortalRoles.Auditor).IssuerAsync());
    }

    private static AuditEvent Event(string action, DateTimeOffset at) => new()
    {
        OccurredAt = at,
        ActorId = "system:approvals",
        ActorName = "Approvals",
        Action = action,
        EntityType = "ApprovalRequest",
        EntityId = Guid.NewGuid().ToString(),
    };
}
