using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>The background side: the poller carries reports on by itself, and the daily report runs once a day.</summary>
public sealed class ReportScheduleTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>
{
    [Fact]
    public async Task The_poller_takes_a_started_report_to_ready_with_nobody_watching()
    {
        await using var bed = await ReportTestBed.CreateAsync(sandbox.Harness, sandbox.Client);
        var card = await bed.IssueAsync(600m);
        Assert.True(await bed.TransactAsync(card.PurchaseId, 60m));
        var poller = bed.Harness.Service<ReportPoller>(ReportTestBed.Auditor);
        using var stop = new CancellationTokenSource();
        await poller.StartAsync(stop.Token);
        try
        {
            var reportId = await bed.StartTodayAsync();

            var report = await WaitForAsync(bed, reportId, r => r.IsFinished);

            Assert.Equal(ReportState.Ready, report.State);
            Assert.Contains(await bed.LinesAsync(reportId), l => l.CardPurchaseId == card.Id && l.Spent == 60m);
        }
        finally
        {
            await poller.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_daily_report_of_the_previous_day_starts_once_after_its_hour_and_only_where_an_admin_switched_it_on()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var clock = new FakeTimeProvider(new DateTimeOffset(today.AddDays(-1).ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero));
        await using var bed = await ReportTestBed.CreateAsync(sandbox.Harness, sandbox.Client, clock, o => o.DailyAtUtc = TimeSpan.FromHours(2));
        var reports = bed.Reports(TestUsers.InRole(PortalRoles.Admin));

        await reports.AdvanceDueAsync(); // switched off: nothing
        await Assert.ThrowsAsync<AccessDeniedException>(() => bed.Reports(ReportTestBed.Auditor).SetScheduleAsync(true, ReportKind.Authorization));
        await reports.SetScheduleAsync(true, ReportKind.Authorization);
        await reports.AdvanceDueAsync(); // switched on today: the first run is tomorrow's
        clock.SetUtcNow(new DateTimeOffset(today.ToDateTime(new TimeOnly(1, 30)), TimeSpan.Zero));
        await reports.AdvanceDueAsync(); // before its hour
        var beforeItsHour = await ReportsAsync(bed);
        clock.SetUtcNow(new DateTimeOffset(today.ToDateTime(new TimeOnly(2, 5)), TimeSpan.Zero));
        await reports.AdvanceDueAsync();
        await bed.Reports(TestUsers.InRole(PortalRoles.Admin)).AdvanceDueAsync(); // a second pass (another instance)

        Assert.Empty(beforeItsHour);
        var daily = Assert.Single(await ReportsAsync(bed));
        Assert.Equal((today.AddDays(-1), today.AddDays(-1)), (daily.From, daily.To));
        Assert.Equal(ReportKind.Authorization, daily.Kind);
        Assert.Equal(ReportRequesters.Schedule, daily.RequestedBy);
        Assert.NotEqual(ReportState.Failed, daily.State);
    }

    private static async Task<List<ReconciliationReport>> ReportsAsync(ReportTestBed bed)
    {
        await using var db = bed.Database.CreateDbContext();
        return await db.Reports.AsNoTracking().ToListAsync();
    }

    private static async Task<ReconciliationReport> WaitForAsync(ReportTestBed bed, Guid reportId, Func<ReconciliationReport, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var report = await bed.ReportAsync(reportId);
            if (condition(report) || DateTime.UtcNow > deadline)
            {
                return report;
            }

            await Task.Delay(100);
        }
    }
}
