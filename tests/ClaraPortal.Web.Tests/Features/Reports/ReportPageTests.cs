using Bunit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Exports;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>A report's page in each of its states: running (live), failed, ready with its summary, flags, filter and export; not found.</summary>
[Collection(ReportsSandboxCollection.Name)]
public sealed class ReportPageTests(ReportsSandbox sandbox) : ReportPagesContext(sandbox)
{
    private static readonly Guid KnownCard = Guid.Parse("6f1d2c3b-4a59-4e68-8a7b-9c0d1e2f3a4b");
    private static readonly Guid SpentCard = Guid.Parse("0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d");

    [Fact]
    public void An_unknown_report_reads_as_not_found()
    {
        var page = Open(Guid.NewGuid());

        page.WaitForAssertion(() => Assert.Equal("There is no such report in this company.", page.Find("[data-testid=report-not-found]").TextContent.Trim()), Patience);
        Assert.Contains("Report not found", page.Find("h1").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_companys_report_is_not_found_and_not_listed()
    {
        var theirs = await AddReportAsync(ReportState.Ready, company: TestCompanies.Servicios.Key, change: r => r.TotalRows = 3);
        RenderProviders();

        var page = Open(theirs.Id);
        var list = Render<ReportsPage>();

        page.WaitForElement("[data-testid=report-not-found]", Patience);
        list.WaitForElement("[data-testid=reports-empty]", Patience);
        // It is there, in its own company: the owner's context does not see it.
        Assert.Null(await FindReportAsync(theirs.Id));
        await using var theirContext = Database.CreateDbContext(TestCompanies.Servicios.Key);
        Assert.True(await theirContext.Reports.AnyAsync(r => r.Id == theirs.Id));
    }

    [Fact]
    public async Task A_user_working_in_the_subsidiary_sees_its_report_and_not_the_owners()
    {
        var owners = await AddReportAsync(ReportState.Ready);
        var theirs = await AddReportAsync(ReportState.Processing, company: TestCompanies.Servicios.Key, change: r => r.Progress = 0.5m);
        SignIn(TestUsers.InCompany(Auditor, TestCompanies.Servicios));
        RenderProviders();

        var list = Render<ReportsPage>();
        var mine = Open(theirs.Id);

        list.WaitForAssertion(() => Assert.Equal([$"/reports/{theirs.Id}"], list.FindAll("[data-testid=report-link]").Select(a => a.GetAttribute("href"))), Patience);
        mine.WaitForAssertion(() => Assert.Equal("Processing 50%", mine.Find("[data-testid=report-state]").TextContent.Trim()), Patience);
        var other = Open(owners.Id);
        other.WaitForElement("[data-testid=report-not-found]", Patience);
    }

    [Theory]
    [InlineData(ReportFailures.ClaraFailed, "Clara could not build this report. Start it again.")]
    [InlineData(ReportFailures.Deleted, "Clara deleted this report (it keeps reports 7 days) before all its rows were copied here.")]
    [InlineData(ReportFailures.Refused, "Clara refused this report (the range or the type).")]
    [InlineData(ReportFailures.TimedOut, "Clara did not finish this report in time. Start it again.")]
    [InlineData(ReportFailures.Malformed, "Clara sent rows this portal cannot take (an amount, currency or type outside its contract). Nothing was stored; tell Clara support and start it again.")]
    public async Task A_failed_report_says_why_in_words_and_shows_claras_message(string code, string words)
    {
        var report = await AddReportAsync(ReportState.Failed, change: r => (r.FailureCode, r.FailureMessage) = (code, "Invalid report range"));

        var page = Open(report.Id);

        page.WaitForAssertion(() => Assert.Contains(words, page.Find("[data-testid=report-failed]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal("Details: Invalid report range", page.Find("[data-testid=report-failure-message]").TextContent.Trim());
        Assert.Equal("Failed", page.Find("[data-testid=report-state]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=report-lines]"));
    }

    [Fact]
    public async Task A_running_report_follows_its_news_to_ready_and_shows_its_lines_without_a_reload()
    {
        var report = await AddReportAsync(ReportState.Processing, change: r => r.Progress = 0.2m);
        var page = Open(report.Id);
        var visits = Navigation.History.Count;
        page.WaitForAssertion(() => Assert.Equal("Processing 20%", page.Find("[data-testid=report-state]").TextContent.Trim()), Patience);
        Assert.NotNull(page.Find("[data-testid=report-running]"));
        Assert.Equal("20", page.Find("[data-testid=report-progress]").GetAttribute("aria-valuenow"));

        // Another report's news is not this page's.
        Notifications.Publish(new ReportNews(CompanyKeys.Owner, Guid.NewGuid(), ReportState.Fetching, 0.9m, 90, 100));
        Notifications.Publish(new ReportNews(CompanyKeys.Owner, report.Id, ReportState.Fetching, 0.5m, 1, 2));
        page.WaitForAssertion(() => Assert.Equal("Fetching rows 1 of 2", page.Find("[data-testid=report-state]").TextContent.Trim()), Patience);

        // The poller's last step: lines matched and the report ready, saved, then told.
        await AddLinesAsync(report.Id, Line(99201, 100m, limit: 500m, card: KnownCard, last4: "1234", supplier: "Aerolínea Azul"));
        await using (var db = Database.CreateDbContext())
        {
            var stored = await db.Reports.SingleAsync(r => r.Id == report.Id);
            (stored.State, stored.Progress, stored.TotalRows, stored.FetchedRows, stored.Purchases, stored.Unmatched, stored.OverLimit) =
                (ReportState.Ready, 1m, 2, 2, 1, 0, 0);
            stored.CompletedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        Notifications.Publish(new ReportNews(CompanyKeys.Owner, report.Id, ReportState.Ready, 1m, 2, 2));

        page.WaitForAssertion(() => Assert.Equal(["99201"], Texts(page, "report-line-purchase")), Patience);
        Assert.Equal("Ready", page.Find("[data-testid=report-state]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=report-running]"));
        Assert.Equal("1", page.Find("[data-testid=summary-purchases]").TextContent.Trim());
        Assert.Equal(visits, Navigation.History.Count);
    }

    [Fact]
    public async Task A_ready_report_shows_its_summary_totals_and_flags_each_line_in_words()
    {
        var report = await ReadyReportAsync();

        var page = Open(report.Id);

        page.WaitForAssertion(() => Assert.Equal(["99201", "99202", "99203"], Texts(page, "report-line-purchase")), Patience);
        Assert.Equal("3", page.Find("[data-testid=summary-rows]").TextContent.Trim());
        Assert.Equal("3", page.Find("[data-testid=summary-purchases]").TextContent.Trim());
        Assert.Equal("1", page.Find("[data-testid=summary-unmatched]").TextContent.Trim());
        Assert.Equal("1", page.Find("[data-testid=summary-over-limit]").TextContent.Trim());
        var totals = page.FindAll("[data-testid=report-total]");
        Assert.Equal(["MXN", "USD"], totals.Select(t => t.GetAttribute("data-currency")));
        // Limit 500 + 300, spent 100 + 450 (less 20 refunded), 2 declines of 75; the unknown USD card has no limit.
        Assert.Equal(["MXN", "800.00", "550.00", "20.00", "2 for 75.00"], totals[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal(["USD", "0.00", "60.00", "0.00", "0 for 0.00"], totals[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

        Assert.Equal(["•••• 1234", "•••• 5678"], Texts(page, "report-line-card"));
        Assert.Equal(["500.00 MXN", "300.00 MXN", "—"], Texts(page, "report-line-limit"));
        Assert.Equal(["400.00 MXN", "-130.00 MXN", "—"], Texts(page, "report-line-difference"));
        Assert.Equal(["Matched", "Over limit", "Unknown card"], Texts(page, "report-line-flags"));
        // Flags carry an icon as well as words, never a colour alone.
        Assert.All(page.FindAll("[data-testid=report-line-flags] .mud-chip"), chip => Assert.NotNull(chip.QuerySelector("svg")));
    }

    [Theory]
    [InlineData(PortalRoles.Auditor, "/history/cards/")]
    [InlineData(PortalRoles.Issuer, "/cards/")]
    public async Task A_matched_card_opens_where_the_reader_may_see_it(string role, string path)
    {
        // An auditor may not open a card's page (issuing work): its history timeline is theirs.
        SignIn(TestUsers.InRole(role));
        var report = await ReadyReportAsync();

        var page = Open(report.Id);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("a[data-testid=report-line-card]").Count), Patience);
        Assert.Equal([$"{path}{KnownCard}", $"{path}{SpentCard}"], page.FindAll("a[data-testid=report-line-card]").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Opening_a_line_shows_its_transactions()
    {
        var report = await ReadyReportAsync();
        var page = Open(report.Id);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=report-line-toggle]").Count), Patience);
        // Closed lines read nothing.
        Assert.Empty(page.FindAll("[data-testid=report-line-transactions]"));
        var toggle = page.FindAll("[data-testid=report-line-toggle]")[1];
        Assert.Equal("Show the transactions of purchase 99202", toggle.GetAttribute("aria-label"));
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));

        await toggle.ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Contains("AWS EMEA", page.Find("[data-testid=report-line-transactions]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Single(page.FindAll("[data-testid=report-line-transactions]"));
        Assert.Contains("450.00 MXN", page.Find("[data-testid=report-line-transactions]").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.FindAll("[data-testid=report-line-toggle]")[1].GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task The_filter_keeps_unmatched_or_over_limit_lines_and_lives_in_the_address()
    {
        var report = await ReadyReportAsync();
        Navigation.NavigateTo($"/reports/{report.Id}?filter=over-limit");
        var page = Render<ReportPage>(p => p.Add(x => x.Id, report.Id));
        page.WaitForAssertion(() => Assert.Equal(["99202"], Texts(page, "report-line-purchase")), Patience);

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudToggleGroup<ReportLineFilter>>().Instance.ValueChanged.InvokeAsync(ReportLineFilter.UnmatchedOnly));

        Assert.EndsWith($"/reports/{report.Id}?filter=unmatched", Navigation.Uri, StringComparison.Ordinal);
        Assert.True(Navigation.History.First().Options.ReplaceHistoryEntry);
        page.WaitForAssertion(() => Assert.Equal(["99203"], Texts(page, "report-line-purchase")), Patience);

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudToggleGroup<ReportLineFilter>>().Instance.ValueChanged.InvokeAsync(ReportLineFilter.All));

        Assert.EndsWith($"/reports/{report.Id}", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(["99201", "99202", "99203"], Texts(page, "report-line-purchase")), Patience);
    }

    [Fact]
    public async Task A_filter_that_keeps_nothing_says_so()
    {
        var report = await AddReportAsync(ReportState.Ready, change: r => (r.TotalRows, r.Purchases, r.Unmatched, r.OverLimit) = (1, 1, 0, 0));
        await AddLinesAsync(report.Id, Line(99201, 100m, limit: 500m, card: KnownCard, last4: "1234"));
        Navigation.NavigateTo($"/reports/{report.Id}?filter=unmatched");

        var page = Render<ReportPage>(p => p.Add(x => x.Id, report.Id));

        page.WaitForAssertion(() => Assert.Equal("Every purchase matched a card of the portal.", page.Find("[data-testid=report-lines-empty]").TextContent.Trim()), Patience);
    }

    [Fact]
    public async Task Export_downloads_the_filtered_lines_from_the_reports_export_address()
    {
        var module = JSInterop.SetupModule(ExportButtons.ModulePath);
        module.SetupVoid("start", _ => true).SetVoidResult();
        var report = await ReadyReportAsync();
        Navigation.NavigateTo($"/reports/{report.Id}?filter=over-limit");
        var page = Render<ReportPage>(p => p.Add(x => x.Id, report.Id));
        page.WaitForAssertion(() => Assert.Equal(["99202"], Texts(page, "report-line-purchase")), Patience);

        await page.Find("[data-testid=report-export] [data-testid=export-csv]").ClickAsync(new MouseEventArgs());

        var start = module.VerifyInvoke("start");
        Assert.Equal($"/reports/{report.Id}/export?format=csv&filter=over-limit", start.Arguments[1]);
        Assert.Equal("report-2026-11-01-2026-11-30-clearing-over-limit.csv", start.Arguments[2]);
        // The grid's exact count gives the export's progress.
        await page.InvokeAsync(() => page.FindComponent<ExportButtons>().Instance.OnExportProgress((string)start.Arguments[0]!, 100, 1));
        page.WaitForAssertion(() => Assert.Equal("1 of ~1 rows", page.Find("[data-testid=export-progress-text]").TextContent), Patience);
    }

    [Fact]
    public async Task In_spanish_the_ready_view_speaks_spanish()
    {
        using var culture = new CultureScope("es-MX");
        var report = await ReadyReportAsync();

        var page = Open(report.Id);

        page.WaitForAssertion(() => Assert.Equal(["Conciliada", "Sobre el límite", "Tarjeta desconocida"], Texts(page, "report-line-flags")), Patience);
        Assert.Equal("Listo", page.Find("[data-testid=report-state]").TextContent.Trim());
        Assert.Contains("Solo sin tarjeta", page.Find("[data-testid=report-filter]").TextContent, StringComparison.Ordinal);
    }

    private IRenderedComponent<ReportPage> Open(Guid id)
    {
        Navigation.NavigateTo($"/reports/{id}");
        return Render<ReportPage>(p => p.Add(x => x.Id, id));
    }

    /// <summary>Three purchases: one within its limit, one spent past it (with a refund and declines), one of a card the portal does not know (USD).</summary>
    private async Task<ReconciliationReport> ReadyReportAsync()
    {
        var report = await AddReportAsync(ReportState.Ready, change: r => (r.TotalRows, r.FetchedRows, r.Progress, r.Purchases, r.Unmatched, r.OverLimit) = (3, 3, 1m, 3, 1, 1));
        await AddLinesAsync(report.Id,
            Line(99201, 100m, limit: 500m, card: KnownCard, last4: "1234", supplier: "Aerolínea Azul"),
            Line(99202, 450m, limit: 300m, card: SpentCard, last4: "5678", supplier: "Hotel Núñez", refunded: 20m, declines: 2, declined: 75m),
            Line(99203, 60m, currency: "USD"));
        return report;
    }

    private static List<string> Texts(IRenderedComponent<ReportPage> page, string testId) =>
        [.. page.FindAll($"[data-testid={testId}]").Select(e => e.TextContent.Trim())];
}
