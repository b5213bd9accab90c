using ClaraPortal.Sandbox;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>
/// A report from start to stored rows against the real sandbox: states, paging past 100 rows, matching to the portal's
/// cards, Clara's FAILED, lost answers, and Clara deleting reports after 7 days (on the sandbox's own clock).
/// </summary>
public sealed class ReportLifecycleTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private ReportTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        sandbox.Server.Faults.Reset();
        _bed = await ReportTestBed.CreateAsync(sandbox.Harness, sandbox.Client);
    }

    public async Task DisposeAsync()
    {
        sandbox.Server.Faults.Reset();
        await _bed.DisposeAsync();
    }

    [Fact]
    public async Task A_clearing_report_matches_each_purchase_to_its_card_and_flags_purchases_the_portal_does_not_know()
    {
        var card = await _bed.IssueAsync(1500m);
        Assert.True(await _bed.TransactAsync(card.PurchaseId, 400m));
        Assert.True(await _bed.TransactAsync(card.PurchaseId, 300m));
        Assert.True(await _bed.TransactAsync(card.PurchaseId, 100m, TransactionType.Refund));
        Assert.False(await _bed.TransactAsync(card.PurchaseId, 5000m)); // over what is left: a DECLINE row
        var foreign = _bed.ForeignCard(charges: 2, each: 50m);

        var reportId = await _bed.StartTodayAsync();
        var report = await _bed.RunToEndAsync(reportId);

        Assert.Equal(ReportState.Ready, report.State);
        Assert.Equal(report.TotalRows, report.FetchedRows);
        Assert.Equal(report.TotalRows, await _bed.StoredRowsAsync(reportId));
        var lines = await _bed.LinesAsync(reportId);
        var mine = Assert.Single(lines, l => l.PurchaseId == card.PurchaseId);
        Assert.True(mine.Matched);
        Assert.Equal(card.Id, mine.CardPurchaseId);
        Assert.Equal(1500m, mine.Limit);
        Assert.Equal(700m, mine.Spent);
        Assert.Equal(100m, mine.Refunded);
        Assert.Equal(0, mine.Declines); // clearing leaves declines out
        Assert.Equal(900m, mine.Difference);
        Assert.False(mine.OverLimit);
        Assert.Equal(3, mine.Transactions);
        Assert.NotNull(mine.Last4);

        var stranger = Assert.Single(lines, l => l.PurchaseId == foreign);
        Assert.False(stranger.Matched);
        Assert.Null(stranger.CardPurchaseId);
        Assert.Null(stranger.Limit);
        Assert.Null(stranger.Difference);
        Assert.Equal(100m, stranger.Spent);
        Assert.Contains(await _bed.LinesAsync(reportId, ReportLineFilter.UnmatchedOnly), l => l.PurchaseId == foreign);
        Assert.DoesNotContain(await _bed.LinesAsync(reportId, ReportLineFilter.UnmatchedOnly), l => l.Matched);
        Assert.Equal(lines.Count, report.Purchases);
        Assert.Equal(lines.Count(l => !l.Matched), report.Unmatched);
    }

    [Fact]
    public async Task An_authorization_report_keeps_the_declines()
    {
        var card = await _bed.IssueAsync(1000m);
        Assert.True(await _bed.TransactAsync(card.PurchaseId, 900m));
        Assert.False(await _bed.TransactAsync(card.PurchaseId, 250m));

        var report = await _bed.RunToEndAsync(await _bed.StartTodayAsync(ReportKind.Authorization));

        var line = Assert.Single(await _bed.LinesAsync(report.Id), l => l.PurchaseId == card.PurchaseId);
        Assert.Equal(1, line.Declines);
        Assert.Equal(250m, line.DeclinedAmount);
        Assert.Equal(900m, line.Spent);
        Assert.Equal(100m, line.Difference);
    }

    [Fact]
    public async Task Every_row_is_fetched_past_the_first_hundred_and_each_transaction_enters_the_ledger_once()
    {
        var foreign = _bed.ForeignCard(charges: 250, each: 1.25m);

        var first = await _bed.RunToEndAsync(await _bed.StartTodayAsync());
        var second = await _bed.RunToEndAsync(await _bed.StartTodayAsync());

        Assert.True(first.TotalRows >= 250);
        Assert.Equal(first.TotalRows, await _bed.StoredRowsAsync(first.Id));
        var line = Assert.Single(await _bed.LinesAsync(first.Id), l => l.PurchaseId == foreign);
        Assert.Equal(250, line.Transactions);
        Assert.Equal(312.50m, line.Spent);
        await using var db = _bed.Database.CreateDbContext();
        var ledger = await db.PostedTransactions.AsNoTracking().Where(t => t.PurchaseId == foreign).ToListAsync();
        Assert.Equal(250, ledger.Count); // the second report brought the same 250 rows in again
        Assert.Equal(second.TotalRows, await _bed.StoredRowsAsync(second.Id));
    }

    [Fact]
    public async Task A_purchase_spent_past_the_limit_the_portal_holds_is_flagged_over_limit()
    {
        var card = await _bed.IssueAsync(1000m);
        Assert.True(await _bed.TransactAsync(card.PurchaseId, 800m));
        // The portal's record says 500 (as if the limit had been lowered at Clara's side after the spend).
        await using (var db = _bed.Database.CreateDbContext())
        {
            await db.CardPurchases.Where(p => p.Id == card.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Amount, 500m));
        }

        var report = await _bed.RunToEndAsync(await _bed.StartTodayAsync());

        var line = Assert.Single(await _bed.LinesAsync(report.Id, ReportLineFilter.OverLimitOnly), l => l.PurchaseId == card.PurchaseId);
        Assert.True(line.OverLimit);
        Assert.Equal(-300m, line.Difference);
        Assert.True(report.OverLimit >= 1);
    }

    [Fact]
    public async Task A_report_clara_fails_is_marked_failed_with_its_reason()
    {
        sandbox.Server.Faults.FailNextReports = 1;

        var report = await _bed.RunToEndAsync(await _bed.StartTodayAsync());

        Assert.Equal(ReportState.Failed, report.State);
        Assert.Equal(ReportFailures.ClaraFailed, report.FailureCode);
        Assert.Null(report.NextPollAt);
        Assert.Equal(0, await _bed.StoredRowsAsync(report.Id));
    }

    [Fact]
    public async Task A_start_whose_answers_were_lost_is_replayed_with_its_key_until_clara_confirms_it()
    {
        var card = await _bed.IssueAsync(700m);
        Assert.True(await _bed.TransactAsync(card.PurchaseId, 70m));
        for (var i = 0; i < 6; i++)
        {
            sandbox.Server.Faults.Enqueue(SandboxOperation.ReportStart, SandboxFault.StatusAfterCommit(502));
        }

        var reportId = await _bed.StartTodayAsync();
        var started = await _bed.ReportAsync(reportId);
        var report = await _bed.RunToEndAsync(reportId);

        Assert.Equal(ReportState.Starting, started.State);
        Assert.Null(started.ClaraReportId);
        Assert.Equal(ReportState.Ready, report.State);
        Assert.Equal(started.IdempotencyKey, report.IdempotencyKey);
        Assert.Contains(await _bed.LinesAsync(reportId), l => l.PurchaseId == card.PurchaseId && l.Spent == 70m);
    }

    [Fact]
    public async Task Ranges_clara_would_refuse_are_refused_here_with_a_message_and_nothing_is_stored()
    {
        var today = IssuanceHarness.Today;
        var reports = _bed.Reports();

        var backwards = Assert.IsType<ReportStart.Invalid>(await reports.StartAsync(new(today, today.AddDays(-1), ReportKind.Clearing)));
        var tooLong = Assert.IsType<ReportStart.Invalid>(await reports.StartAsync(new(today.AddDays(-366), today, ReportKind.Clearing)));
        var future = Assert.IsType<ReportStart.Invalid>(await reports.StartAsync(new(today, today.AddDays(1), ReportKind.Clearing)));
        var longest = Assert.IsType<ReportStart.Started>(await reports.StartAsync(new(today.AddDays(-365), today, ReportKind.Clearing)));

        Assert.Equal("Reports.Error.ToBeforeFrom", Assert.Single(backwards.Errors).MessageKey);
        Assert.Equal("Reports.Error.RangeTooLong", Assert.Single(tooLong.Errors).MessageKey);
        Assert.Equal("Reports.Error.ToInFuture", Assert.Single(future.Errors).MessageKey);
        await using var db = _bed.Database.CreateDbContext();
        Assert.Equal([longest.ReportId], await db.Reports.Select(r => r.Id).ToListAsync());
    }

    [Fact]
    public async Task Issuers_auditors_and_admins_start_reports_approvers_may_not()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _bed.StartTodayAsync(user: TestUsers.InRole(PortalRoles.Approver)));
        await _bed.StartTodayAsync(user: TestUsers.InRole(PortalRoles.Issuer));
        await _bed.StartTodayAsync(user: TestUsers.InRole(PortalRoles.Admin));
        await _bed.StartTodayAsync(user: ReportTestBed.Auditor);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _bed.Queries(TestUsers.InRole(PortalRoles.Approver)).ListAsync(0, 10));
    }

    [Fact]
    public async Task Each_step_is_published_so_open_pages_follow_the_report_live()
    {
        var heard = new System.Collections.Concurrent.ConcurrentQueue<ReportNews>();
        using var subscription = _bed.Harness.Service<IReportNotifications>(ReportTestBed.Auditor).Subscribe(n =>
        {
            heard.Enqueue(n);
            return Task.CompletedTask;
        });

        var report = await _bed.RunToEndAsync(await _bed.StartTodayAsync());

        await WaitUntilAsync(() => heard.Any(n => n.ReportId == report.Id && n.State == ReportState.Ready));
        var states = heard.Where(n => n.ReportId == report.Id).Select(n => n.State).Distinct().ToList();
        Assert.Equal(ReportState.Starting, states[0]);
        Assert.Contains(ReportState.Pending, states);
        Assert.Contains(ReportState.Processing, states);
        Assert.All(heard, n => Assert.Equal(TestCompanies.Sandbox.Owner.Key, n.Company));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}

/// <summary>Clara deletes reports 7 days after creating them; the sandbox's clock is moved to get there.</summary>
public sealed class ReportRetentionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _claraClock = new(DateTimeOffset.UtcNow);
    private SandboxHarness _sandbox = null!;
    private Clara.ClaraClient _client = null!;
    private ReportTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHarness.StartAsync(time: _claraClock);
        _client = _sandbox.CreateClient();
        _bed = await ReportTestBed.CreateAsync(_sandbox, _client);
    }

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _client.Dispose();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task A_stored_report_outlives_its_deletion_at_clara_and_one_deleted_before_its_rows_arrived_fails()
    {
        var card = await _bed.IssueAsync(900m);
        Assert.True(await _bed.TransactAsync(card.PurchaseId, 90m));
        var kept = await _bed.RunToEndAsync(await _bed.StartTodayAsync(), betweenSteps: () =>
        {
            _claraClock.Advance(TimeSpan.FromSeconds(1));
            return Task.CompletedTask;
        });
        var late = await _bed.StartTodayAsync();

        _claraClock.Advance(TimeSpan.FromDays(8));
        var failed = await _bed.RunToEndAsync(late);

        Assert.Equal(ReportState.Ready, kept.State);
        Assert.Equal(ReportState.Failed, failed.State);
        Assert.Equal(ReportFailures.Deleted, failed.FailureCode);
        var line = Assert.Single(await _bed.LinesAsync(kept.Id), l => l.PurchaseId == card.PurchaseId);
        Assert.Equal(90m, line.Spent);
        Assert.Equal(kept.TotalRows, await _bed.StoredRowsAsync(kept.Id));
    }
}
