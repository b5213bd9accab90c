using Bunit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MudBlazor.Extensions;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>The Reports page: the list and its live progress, the New report form against the real sandbox, the Admin's daily report card.</summary>
[Collection(ReportsSandboxCollection.Name)]
public sealed class ReportsPageTests(ReportsSandbox sandbox) : ReportPagesContext(sandbox)
{
    [Fact]
    public void With_no_reports_the_list_says_so_and_the_form_offers_the_last_30_days_of_clearing()
    {
        RenderProviders();

        var page = Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.Equal("No reports yet. Choose a range above and start one.", page.Find("[data-testid=reports-empty]").TextContent.Trim()), Patience);
        var today = DateTime.UtcNow.Date;
        var pickers = page.FindComponents<MudDatePicker>();
        Assert.Equal(today.AddDays(-29), pickers[0].Instance.Date);
        Assert.Equal(today, pickers[1].Instance.Date);
        Assert.Equal(ReportKind.Clearing, page.FindComponent<MudSelect<ReportKind>>().Instance.GetState(x => x.Value));
        Assert.False(page.Find("[data-testid=new-report-start]").HasAttribute("disabled"));
        // The daily report is the Admin's.
        Assert.Empty(page.FindAll("[data-testid=report-schedule]"));
    }

    [Fact]
    public async Task The_list_shows_each_reports_range_type_status_rows_and_requester_newest_first()
    {
        var now = DateTimeOffset.UtcNow;
        var ready = await AddReportAsync(ReportState.Ready, createdAt: now.AddHours(-3), change: r => (r.TotalRows, r.FetchedRows, r.Progress) = (1234, 1234, 1m));
        var failed = await AddReportAsync(ReportState.Failed, createdAt: now.AddHours(-2), requestedBy: ReportRequesters.Schedule, requestedByName: "Daily report schedule",
            from: new DateOnly(2026, 11, 30), to: new DateOnly(2026, 11, 30), change: r => r.FailureCode = ReportFailures.ClaraFailed);
        var processing = await AddReportAsync(ReportState.Processing, ReportKind.Authorization, createdAt: now.AddHours(-1), change: r => r.Progress = 0.45m);
        RenderProviders();

        var page = Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=report-link]").Count), Patience);
        Assert.Equal([$"/reports/{processing.Id}", $"/reports/{failed.Id}", $"/reports/{ready.Id}"], page.FindAll("[data-testid=report-link]").Select(a => a.GetAttribute("href")));
        Assert.Equal(["11/1/2026 – 11/30/2026", "11/30/2026 – 11/30/2026", "11/1/2026 – 11/30/2026"], Texts(page, "report-link"));
        Assert.Equal(["Authorizations (including declines)", "Clearing", "Clearing"], Texts(page, "report-kind"));
        Assert.Equal(["Processing 45%", "Failed", "Ready"], Texts(page, "report-state"));
        Assert.Equal(["—", "—", "1,234"], Texts(page, "report-rows"));
        Assert.Equal(["Aurora Auditor", "Aurora Auditor"], Texts(page, "report-requested-by"));
        Assert.Equal(["Daily schedule"], Texts(page, "report-scheduled"));
        // Only the unfinished one has a progress bar.
        Assert.Single(page.FindAll("[data-testid=report-progress]"));
    }

    [Fact]
    public async Task A_running_report_moves_with_its_news_and_another_companys_news_changes_nothing()
    {
        var report = await AddReportAsync(ReportState.Processing, change: r => r.Progress = 0.2m);
        RenderProviders();
        var page = Render<ReportsPage>();
        page.WaitForAssertion(() => Assert.Equal(["Processing 20%"], Texts(page, "report-state")), Patience);

        // Another company's news naming this id, further on than the real one: if it were taken, the real one would read as older.
        Notifications.Publish(new ReportNews(TestCompanies.Servicios.Key, report.Id, ReportState.Fetching, 0.9m, 90, 100));
        Notifications.Publish(new ReportNews(CompanyKeys.Owner, report.Id, ReportState.Fetching, 0.5m, 50, 100));

        page.WaitForAssertion(() => Assert.Equal(["Fetching rows 50 of 100"], Texts(page, "report-state")), Patience);
        Assert.Equal("50", page.Find("[data-testid=report-progress]").GetAttribute("aria-valuenow"));

        // The poller saves Ready, then says so: the list reads the report again for its row count.
        await using (var db = Database.CreateDbContext())
        {
            var stored = await db.Reports.SingleAsync(r => r.Id == report.Id);
            (stored.State, stored.Progress, stored.TotalRows, stored.FetchedRows, stored.NextPollAt) = (ReportState.Ready, 1m, 100, 100, null);
            await db.SaveChangesAsync();
        }

        Notifications.Publish(new ReportNews(CompanyKeys.Owner, report.Id, ReportState.Ready, 1m, 100, 100));

        page.WaitForAssertion(() => Assert.Equal(["Ready"], Texts(page, "report-state")), Patience);
        Assert.Equal(["100"], Texts(page, "report-rows"));
        Assert.Empty(page.FindAll("[data-testid=report-progress]"));
        Assert.Empty(Navigation.History);
    }

    [Fact]
    public async Task Starting_a_report_waits_for_clara_then_the_list_follows_it_to_ready_without_a_reload()
    {
        RenderProviders();
        var page = Render<ReportsPage>();
        page.WaitForElement("[data-testid=reports-empty]", Patience);
        Sandbox.Clara.Hold();

        var starting = page.Find("[data-testid=new-report-start]").ClickAsync(new MouseEventArgs());

        // Saved here first (it shows at once), then Clara is asked, and the button waits for the answer.
        page.WaitForAssertion(() =>
        {
            var button = page.Find("[data-testid=new-report-start]");
            Assert.True(button.HasAttribute("disabled"));
            Assert.Contains("Starting…", button.TextContent, StringComparison.Ordinal);
            Assert.Equal(["Starting"], Texts(page, "report-state"));
        }, Patience);
        Sandbox.Clara.Release();
        await starting;

        page.WaitForAssertion(() => Assert.Equal(["Pending at Clara"], Texts(page, "report-state")), Patience);
        Assert.False(page.Find("[data-testid=new-report-start]").HasAttribute("disabled"));
        var today = DateTime.UtcNow.Date;
        Assert.Equal([$"{today.AddDays(-29):M/d/yyyy} – {today:M/d/yyyy}"], Texts(page, "report-link"));
        var id = await OnlyReportIdAsync();

        // The poller's next steps, on Clara's clock: PROCESSING a third of the way, then READY (no rows in this range).
        Sandbox.Clock.Advance(TimeSpan.FromSeconds(1.5));
        await AdvanceAsync(id);
        page.WaitForAssertion(() => Assert.Equal(["Processing 33%"], Texts(page, "report-state")), Patience);

        Sandbox.Clock.Advance(TimeSpan.FromSeconds(2));
        await AdvanceAsync(id);
        page.WaitForAssertion(() => Assert.Equal(["Ready"], Texts(page, "report-state")), Patience);
        Assert.Equal(["0"], Texts(page, "report-rows"));
        Assert.Empty(Navigation.History);
    }

    [Fact]
    public async Task The_services_refusals_show_next_to_their_field_and_start_nothing()
    {
        RenderProviders();
        var page = Render<ReportsPage>();
        page.WaitForElement("[data-testid=reports-empty]", Patience);
        var today = DateTime.UtcNow.Date;
        var (from, to) = (page.FindComponents<MudDatePicker>()[0], page.FindComponents<MudDatePicker>()[1]);

        await page.InvokeAsync(() => from.Instance.DateChanged.InvokeAsync(today.AddDays(-5)));
        await page.InvokeAsync(() => to.Instance.DateChanged.InvokeAsync(today.AddDays(-10)));
        await page.Find("[data-testid=new-report-start]").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Equal("\"To\" must be on or after \"From\".", ErrorOf(to)), Patience);
        Assert.Null(ErrorOf(from));

        await page.InvokeAsync(() => from.Instance.DateChanged.InvokeAsync(today.AddDays(-400)));
        await page.InvokeAsync(() => to.Instance.DateChanged.InvokeAsync(today));
        // Changing a field clears its message until the next try.
        Assert.Null(ErrorOf(to));
        await page.Find("[data-testid=new-report-start]").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Equal("A report covers at most 366 days.", ErrorOf(to)), Patience);

        await page.InvokeAsync(() => from.Instance.DateChanged.InvokeAsync(null));
        await page.Find("[data-testid=new-report-start]").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Equal("Choose a date.", ErrorOf(from)), Patience);
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.Reports.CountAsync());
    }

    [Fact]
    public async Task In_spanish_the_refusal_speaks_spanish()
    {
        using var culture = new CultureScope("es-MX");
        RenderProviders();
        var page = Render<ReportsPage>();
        page.WaitForElement("[data-testid=reports-empty]", Patience);
        var today = DateTime.UtcNow.Date;
        var from = page.FindComponents<MudDatePicker>()[0];

        await page.InvokeAsync(() => from.Instance.DateChanged.InvokeAsync(today.AddDays(-400)));
        await page.Find("[data-testid=new-report-start]").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Equal("Un reporte abarca como máximo 366 días.", ErrorOf(page.FindComponents<MudDatePicker>()[1])), Patience);
        Assert.Contains("Iniciar reporte", page.Find("[data-testid=new-report-start]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_switches_the_daily_report_on_and_is_told_it_is_saved()
    {
        SignIn(Admin);
        RenderProviders();
        var page = Render<ReportsPage>();
        page.WaitForElement("[data-testid=report-schedule-save]", Patience);
        Assert.True(page.Find("[data-testid=report-schedule-save]").HasAttribute("disabled"));

        await page.InvokeAsync(() => page.FindComponent<MudSwitch<bool>>().Instance.ValueChanged.InvokeAsync(true));
        var kind = page.FindComponents<MudSelect<ReportKind>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "report-schedule-type"));
        await page.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync(ReportKind.Authorization));
        await page.Find("[data-testid=report-schedule-save]").ClickAsync(new MouseEventArgs());

        Snackbars.WaitForAssertion(() => Assert.Contains("Daily report switched on: Authorizations (including declines).", Snackbars.Markup, StringComparison.Ordinal), Patience);
        await using var db = Database.CreateDbContext();
        var schedule = await db.ReportSchedules.SingleAsync();
        Assert.True(schedule.DailyEnabled);
        Assert.Equal(ReportKind.Authorization, schedule.DailyKind);
        Assert.Equal("dev-admin", schedule.UpdatedBy);
        Assert.Equal(ReportAuditActions.ScheduleChanged, (await db.AuditEvents.SingleAsync()).Action);
        Assert.True(page.Find("[data-testid=report-schedule-save]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData(PortalRoles.Issuer)]
    [InlineData(PortalRoles.Auditor)]
    public void Other_roles_do_not_see_the_daily_report_card(string role)
    {
        SignIn(TestUsers.InRole(role));
        RenderProviders();

        var page = Render<ReportsPage>();

        page.WaitForElement("[data-testid=reports-empty]", Patience);
        Assert.Empty(page.FindAll("[data-testid=report-schedule]"));
    }

    private async Task<Guid> OnlyReportIdAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Reports.Select(r => r.Id).SingleAsync();
    }

    private static List<string> Texts(IRenderedComponent<ReportsPage> page, string testId) =>
        [.. page.FindAll($"[data-testid={testId}]").Select(e => e.TextContent.Trim())];

    /// <summary>The message a field shows under it, or null.</summary>
    private static string? ErrorOf(IRenderedComponent<MudDatePicker> picker) =>
        picker.FindAll(".mud-input-error .mud-input-helper-text, .mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).FirstOrDefault(t => t.Length > 0);
}
