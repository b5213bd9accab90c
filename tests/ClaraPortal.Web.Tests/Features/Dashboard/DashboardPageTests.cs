using AngleSharp.Dom;
using Bunit;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Dashboard;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static ClaraPortal.Web.Tests.Features.Dashboard.DashboardSeed;

namespace ClaraPortal.Web.Tests.Features.Dashboard;

/// <summary>The home page per role, over a real database: each role's panel, the spend charts with their tables, and where every number leads.</summary>
public sealed class DashboardPageTests : PortalBunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset InOctober = new(2026, 10, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly TempPortalDatabase _database;

    public DashboardPageTests()
        : this(new FakeTimeProvider(Now), TempPortalDatabase.CreateAsync().GetAwaiter().GetResult())
    {
    }

    private DashboardPageTests(FakeTimeProvider time, TempPortalDatabase database)
        : base(services =>
        {
            time.SetLocalTimeZone(TimeZoneInfo.Utc);
            services.AddSingleton(new ClaraCredentialStatus(() => Now.AddYears(1), time));
            DashboardServices.AddDashboardReads(services, database, time);
        }) => _database = database;

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    /// <summary>Two issuers' cards in October with spend reported, two pending requests, a card request refused yesterday.</summary>
    private async Task SeedAsync(bool withReport = true)
    {
        var mine = Card("dev-issuer", 1000m, InOctober, Airline, Purchases);
        var theirs = Card("dev-issuer-2", 4000m, InOctober, Hotel, Travel);
        var rows = new List<object>
        {
            mine, theirs,
            Card("dev-issuer", 1m, Now.AddDays(-1), status: CardPurchaseStatus.Failed),
            Charge(mine, InOctober.AddDays(1), 250m), Charge(theirs, InOctober.AddDays(1), 3000m),
            Request("dev-issuer", 70_000m, Now.AddHours(-3), supplierName: Airline.Name),
            Request("dev-issuer-2", 90_000m, Now.AddDays(-2), supplierName: Hotel.Name),
        };
        if (withReport)
        {
            rows.Add(ReadyReport(new DateOnly(2026, 11, 19)));
        }

        await AddAsync(_database, [.. rows]);
    }

    private static string Href(IElement element) => element.GetAttribute("href") ?? "";

    [Fact]
    public async Task An_issuer_sees_their_own_work_and_charts_of_their_own_cards_that_open_the_cards_list()
    {
        using var culture = new CultureScope("en-US");
        await SeedAsync();
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=issuer-pending-link]").TextContent.Trim()));
        Assert.Equal("/my-requests?status=pending", Href(page.Find("[data-testid=issuer-pending-link]")));
        Assert.Equal("/cards?status=active&expiring=14", Href(page.Find("[data-testid=issuer-expiring-link]")));
        Assert.Contains("No monthly budget is set for you.", page.Find("[data-testid=issuer-no-budget]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=dashboard-approver]"));
        Assert.Empty(page.FindAll("[data-testid=dashboard-oversight]"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=dashboard-chart-supplier-table]")));
        Assert.StartsWith("Cards you issued", page.Find("[data-testid=dashboard-spend-scope]").TextContent.Trim(), StringComparison.Ordinal);
        var row = Assert.Single(page.FindAll("[data-testid=dashboard-chart-supplier-table] [data-testid=spend-row]"));
        Assert.Equal(Airline.Name, row.QuerySelector("[data-testid=spend-row-name]")!.TextContent.Trim());
        Assert.Equal("250.00", row.QuerySelector("[data-testid=spend-row-spent]")!.TextContent.Trim());
        Assert.Equal("/cards?supplier=1&from=2025-12-01&to=2026-11-30&currency=MXN", Href(row.QuerySelector("[data-testid=spend-row-cards]")!));
        var october = page.FindAll("[data-testid=dashboard-chart-month-table] [data-testid=spend-row]")[10];
        Assert.Equal("/cards?from=2026-10-01&to=2026-10-31&currency=MXN", Href(october.QuerySelector("[data-testid=spend-row-limits]")!));
    }

    [Fact]
    public async Task An_approver_sees_the_requests_waiting_oldest_first_and_company_charts_that_open_history()
    {
        using var culture = new CultureScope("en-US");
        await SeedAsync(withReport: false);
        SignIn(TestUsers.InRole(PortalRoles.Approver));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=approver-request]").Count));
        Assert.Equal("2", page.Find("[data-testid=approver-pending-link]").TextContent.Trim());
        Assert.Equal("/approvals", Href(page.Find("[data-testid=approver-pending-link]")));
        var requests = page.FindAll("[data-testid=approver-request]");
        Assert.Contains("90,000.00 MXN · Other dev-issuer-2", requests[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("70,000.00 MXN · Isabel Issuer", requests[1].TextContent, StringComparison.Ordinal);
        Assert.StartsWith("/approvals/", Href(requests[0].QuerySelector("a")!), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=dashboard-issuer]"));
        Assert.Empty(page.FindAll("[data-testid=dashboard-oversight]"));

        // No report yet: cards and limits only, and no link to reports an Approver cannot open.
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=dashboard-spend-no-reports]")));
        Assert.Empty(page.FindAll("[data-testid=dashboard-spend-open-reports]"));
        Assert.Empty(page.FindAll("[data-testid=spend-row-spent]"));
        Assert.StartsWith("All cards of the company", page.Find("[data-testid=dashboard-spend-scope]").TextContent.Trim(), StringComparison.Ordinal);
        var rows = page.FindAll("[data-testid=dashboard-chart-supplier-table] [data-testid=spend-row]");
        Assert.Equal([Hotel.Name, Airline.Name], rows.Select(r => r.QuerySelector("[data-testid=spend-row-name]")!.TextContent.Trim()));
        Assert.Equal("/history?from=2025-12-01&to=2026-11-30&supplier=2&currency=MXN", Href(rows[0].QuerySelector("[data-testid=spend-row-cards]")!));
    }

    [Fact]
    public async Task An_auditor_sees_the_checks_and_the_three_charts_each_with_its_table()
    {
        using var culture = new CultureScope("en-US");
        await SeedAsync();
        Services.GetRequiredService<AuditChainStatus>().Record(new AuditChainReport(1234, null, Now.AddHours(-1)), scheduled: true);
        SignIn(TestUsers.InRole(PortalRoles.Auditor));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=oversight-failed-cards-link]").TextContent.Trim()));
        Assert.Equal("Intact", page.Find("[data-testid=oversight-audit-link]").TextContent.Trim());
        Assert.Equal("/history/integrity", Href(page.Find("[data-testid=oversight-audit-link]")));
        Assert.Contains("1,234 events verified", page.Find("[data-testid=oversight-audit-detail]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/history?status=outcomeunknown", Href(page.Find("[data-testid=oversight-unknown-link]")));
        Assert.Equal("/history?from=2026-10-21&status=failed", Href(page.Find("[data-testid=oversight-failed-cards-link]")));
        Assert.Equal("/history?tab=events&from=2026-10-21&action=approval.failed", Href(page.Find("[data-testid=oversight-failed-approvals-link]")));
        Assert.Empty(page.FindAll("[data-testid=dashboard-issuer]"));
        Assert.Empty(page.FindAll("[data-testid=dashboard-approver]"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=dashboard-spend-reported]")));
        foreach (var chart in new[] { "supplier", "template", "month" })
        {
            // The chart is drawn for the eye and hidden from screen readers; its table carries the same figures.
            Assert.Equal("true", page.Find($"[data-testid=dashboard-chart-{chart}-chart]").GetAttribute("aria-hidden"));
            Assert.NotEmpty(page.FindAll($"[data-testid=dashboard-chart-{chart}-chart] svg"));
            Assert.NotNull(page.Find($"[data-testid=dashboard-chart-{chart}-table] caption"));
            // A few gridlines, not MudBlazor's twenty crowding a 300 px axis.
            Assert.InRange(page.FindAll($"[data-testid=dashboard-chart-{chart}-chart] .mud-charts-yaxis text").Count, 2, 7);
        }

        var hotel = page.FindAll("[data-testid=dashboard-chart-supplier-table] [data-testid=spend-row]")[0];
        Assert.Equal(["Hotel Núñez", "1", "4,000.00", "3,000.00"], hotel.QuerySelectorAll("a").Select(a => a.TextContent.Trim()));
        Assert.Equal("Hotel Núñez: spent 3,000.00 MXN", hotel.QuerySelector("[data-testid=spend-row-spent]")!.GetAttribute("aria-label"));
        Assert.Equal("Spend from reconciliation reports, through 11/19/2026.", page.Find("[data-testid=dashboard-spend-reported]").TextContent.Trim());
        Assert.Contains("The top 2 of 2, by spend", page.Find("[data-testid=dashboard-chart-supplier-caption]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_every_panel()
    {
        await SeedAsync();
        SignIn(TestUsers.InRole(PortalRoles.Admin));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=dashboard-chart-supplier-table]")));
        Assert.Single(page.FindAll("[data-testid=dashboard-issuer]"));
        Assert.Single(page.FindAll("[data-testid=dashboard-approver]"));
        Assert.Single(page.FindAll("[data-testid=dashboard-oversight]"));
        Assert.Single(page.FindAll("[data-testid=clara-connection]"));
        // The Admin's charts are the company's.
        Assert.Equal(2, page.FindAll("[data-testid=dashboard-chart-supplier-table] [data-testid=spend-row]").Count);
    }

    [Fact]
    public void Without_cards_in_the_last_twelve_months_the_charts_say_so_instead_of_drawing_zeros()
    {
        using var culture = new CultureScope("en-US");
        SignIn(TestUsers.InRole(PortalRoles.Auditor));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("No cards were issued in the last 12 months.", page.Find("[data-testid=dashboard-spend-empty]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=dashboard-chart-supplier]"));
    }

    [Fact]
    public async Task Before_any_report_an_auditor_is_sent_to_reports_for_spend()
    {
        using var culture = new CultureScope("en-US");
        await SeedAsync(withReport: false);
        SignIn(TestUsers.InRole(PortalRoles.Auditor));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=dashboard-spend-no-reports]")));
        Assert.Contains("Spend shows once a reconciliation report has been run", page.Find("[data-testid=dashboard-spend-no-reports]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/reports", Href(page.Find("[data-testid=dashboard-spend-open-reports]")));
        Assert.Equal(["Supplier", "Cards", "Limits (MXN)"], page.FindAll("[data-testid=dashboard-chart-supplier-table] th[scope=col]").Select(th => th.TextContent.Trim()));
    }

    [Fact]
    public async Task Cards_in_several_currencies_offer_a_choice_defaulting_to_the_one_with_most_cards()
    {
        using var culture = new CultureScope("en-US");
        await AddAsync(_database,
            Card("dev-issuer", 10m, InOctober, currency: "USD"), Card("dev-issuer", 20m, InOctober, currency: "USD"), Card("dev-issuer", 30m, InOctober));
        SignIn(TestUsers.InRole(PortalRoles.Auditor));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=dashboard-spend-currency]")));
        Assert.Equal(["Supplier", "Cards", "Limits (USD)"], page.FindAll("[data-testid=dashboard-chart-supplier-table] th[scope=col]").Select(th => th.TextContent.Trim()));
        Assert.Equal("30.00", page.Find("[data-testid=dashboard-chart-supplier-table] [data-testid=spend-row-limits]").TextContent.Trim());
    }

    [Fact]
    public async Task The_dashboard_speaks_spanish_for_es_MX()
    {
        using var culture = new CultureScope("es-MX");
        await SeedAsync();
        SignIn(TestUsers.InRole(PortalRoles.Admin));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=dashboard-chart-supplier-table]")));
        Assert.Contains("Tus tarjetas y solicitudes", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Gasto y tarjetas, últimos 12 meses", page.Markup, StringComparison.Ordinal);
        Assert.Equal(["Proveedor", "Tarjetas", "Límites (MXN)", "Gastado (MXN)"],
            page.FindAll("[data-testid=dashboard-chart-supplier-table] th[scope=col]").Select(th => th.TextContent.Trim()));
        Assert.Contains("octubre 2026", page.Find("[data-testid=dashboard-chart-month-table]").TextContent, StringComparison.Ordinal);
    }
}
