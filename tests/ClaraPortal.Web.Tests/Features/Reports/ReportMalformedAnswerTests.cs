using System.Text.Json;
using ClaraReportPage = ClaraPortal.Clara.ReportPage;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>Answers that break Clara's contract: nothing is rounded or guessed, nothing crashes, the report says why.</summary>
public sealed class ReportMalformedAnswerTests
{
    [Fact]
    public async Task Rows_with_money_outside_the_contract_fail_the_report_and_store_nothing()
    {
        var clara = new ScriptedReportClara(_ => Task.FromResult(new ClaraReportPage(7, ReportStatus.Ready, 1m, 2,
        [
            Row(1, 10.50m),
            Row(2, 10.505m), // three decimals
        ])));
        await using var harness = await HarnessAsync(clara);

        var start = await harness.Service<ReconciliationReports>(ReportTestBed.Auditor).StartAsync(Today());
        var id = Assert.IsType<ReportStart.Started>(start).ReportId;
        await harness.Service<ReconciliationReports>(ReportTestBed.Auditor).AdvanceAsync(id);

        var report = await ReportAsync(harness, id);
        Assert.Equal(ReportState.Failed, report.State);
        Assert.Equal(ReportFailures.Malformed, report.FailureCode);
        Assert.Equal(0, report.FetchedRows);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(0, await db.ReportTransactions.CountAsync());
    }

    [Fact]
    public async Task An_answer_that_cannot_be_read_leaves_the_report_waiting_for_its_next_look()
    {
        var clara = new ScriptedReportClara(_ => throw new JsonException("'<' is an invalid start of a value."));
        await using var harness = await HarnessAsync(clara);

        var start = await harness.Service<ReconciliationReports>(ReportTestBed.Auditor).StartAsync(Today());
        var id = Assert.IsType<ReportStart.Started>(start).ReportId;
        await harness.Service<ReconciliationReports>(ReportTestBed.Auditor).AdvanceAsync(id);

        var report = await ReportAsync(harness, id);
        Assert.Equal(ReportState.Pending, report.State);
        Assert.Equal(1, report.QuietPolls);
        Assert.NotNull(report.NextPollAt);
    }

    private static NewReportRequest Today() => new(IssuanceHarness.Today, IssuanceHarness.Today, ReportKind.Clearing);

    private static CardTransaction Row(long id, decimal amount) =>
        new(900, id, DateTimeOffset.UtcNow, TransactionType.Charge, amount, "MXN", "AWS", "7372", null);

    private static Task<IssuanceHarness> HarnessAsync(IClaraClient clara) =>
        IssuanceHarness.CreateAsync(clara, s => s.AddReports(pollInBackground: false));

    private static async Task<ReconciliationReport> ReportAsync(IssuanceHarness harness, Guid id)
    {
        await using var db = harness.Database.CreateDbContext();
        return await db.Reports.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    /// <summary>A Clara that starts every report and answers its polls as the test says.</summary>
    private sealed class ScriptedReportClara(Func<long, Task<ClaraReportPage>> page) : IClaraClient
    {
        private readonly FakeClaraClient _rest = new();

        public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => _rest.GetCatalogAsync(detail, ct);

        public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) => _rest.SubmitAsync(request, idempotencyKey, ct);

        public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
            _rest.UpdateAsync(purchaseId, request, idempotencyKey, ct);

        public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) =>
            _rest.CancelAsync(purchaseIds, reason, idempotencyKey, ct);

        public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
            Task.FromResult(new ReportStarted(7, ReportStatus.Pending));

        public Task<ClaraReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) => page(reportId);

        public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default) => _rest.GetPurchaseAsync(purchaseId, reveal, ct);
    }
}
