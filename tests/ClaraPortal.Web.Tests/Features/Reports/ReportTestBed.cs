using System.Security.Claims;
using ClaraPortal.Clara;
using ClaraPortal.Sandbox;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>
/// The issuance harness with reports added (the poller driven by hand), over a real sandbox (mutual TLS, OAuth) and a
/// real SQLite file; cards issued through the portal and charged, refunded or declined at the sandbox.
/// </summary>
public sealed class ReportTestBed : IAsyncDisposable
{
    public static readonly ClaimsPrincipal Auditor = TestUsers.InRole(PortalRoles.Auditor);

    private readonly SandboxHarness _sandbox;
    private readonly RawClaraHttp _raw;
    private string? _token;

    private ReportTestBed(IssuanceHarness harness, SandboxHarness sandbox)
    {
        Harness = harness;
        _sandbox = sandbox;
        _raw = sandbox.Raw();
    }

    public IssuanceHarness Harness { get; }

    public TempPortalDatabase Database => Harness.Database;

    public SandboxServer Server => _sandbox.Server;

    public static async Task<ReportTestBed> CreateAsync(SandboxHarness sandbox, IClaraClient clara, TimeProvider? time = null, Action<ReportOptions>? options = null)
    {
        var harness = await IssuanceHarness.CreateAsync(clara, s =>
        {
            s.AddReports(pollInBackground: false);
            s.Configure<ReportOptions>(o =>
            {
                o.FirstPoll = TimeSpan.FromMilliseconds(100);
                options?.Invoke(o);
            });
        }, time: time);
        return new ReportTestBed(harness, sandbox);
    }

    public ReconciliationReports Reports(ClaimsPrincipal? user = null) => Harness.Service<ReconciliationReports>(user ?? Auditor);

    public ReportQueries Queries(ClaimsPrincipal? user = null) => Harness.Service<ReportQueries>(user ?? Auditor);

    /// <summary>A card issued through the portal; returns its local id and Clara's purchase id.</summary>
    public async Task<(Guid Id, long PurchaseId)> IssueAsync(decimal amount)
    {
        var result = await Harness.Vcn().IssueAsync(IssuanceHarness.EasyRequest(amount, reference: $"REP-{TestReferences.Unique()}"[..20]));
        var issued = Assert.IsType<IssueCardResult.Issued>(result);
        await using var db = Database.CreateDbContext();
        var purchaseId = await db.CardPurchases.Where(p => p.Id == issued.CardPurchaseId).Select(p => p.ClaraPurchaseId).SingleAsync();
        return (issued.CardPurchaseId, purchaseId!.Value);
    }

    /// <summary>A CHARGE or REFUND at the sandbox; false when the card's rules declined it (a DECLINE row).</summary>
    public async Task<bool> TransactAsync(long purchaseId, decimal amount, string type = TransactionType.Charge)
    {
        _token ??= await _raw.GetTokenAsync();
        return (await _raw.PostTransactionAsync(_token, purchaseId, amount, "MXN", type)).Approved;
    }

    /// <summary>A card made at Clara without the portal (imported history): the portal does not know it.</summary>
    public long ForeignCard(int charges, decimal each, DateTimeOffset? at = null)
    {
        var when = at ?? DateTimeOffset.UtcNow.AddMinutes(-30);
        var purchase = new SandboxHistoricalPurchase(
            SandboxServer.Companies[0].TaxIdentifier, IssuanceHarness.MxnRcn, IssuanceHarness.EasyTemplate, 47401000000001, charges * each + 100m, "MXN",
            IssuanceHarness.Today.AddDays(-1), IssuanceHarness.Today.AddDays(10), "FOREIGN", [], when.AddMinutes(-1),
            [.. Enumerable.Range(0, charges).Select(i => new SandboxHistoricalCharge(when.AddMilliseconds(i), each))]);
        return Server.ImportHistory([purchase]).Single().PurchaseId;
    }

    /// <summary>Starts a report of today (UTC) as <paramref name="user"/> and asserts it started.</summary>
    public async Task<Guid> StartTodayAsync(ReportKind kind = ReportKind.Clearing, ClaimsPrincipal? user = null)
    {
        var start = await Reports(user).StartAsync(new NewReportRequest(IssuanceHarness.Today, IssuanceHarness.Today, kind));
        return Assert.IsType<ReportStart.Started>(start).ReportId;
    }

    /// <summary>Drives the poller's step for this report until it is Ready or Failed (the sandbox builds one in 2.5 s).</summary>
    public async Task<ReconciliationReport> RunToEndAsync(Guid reportId, Func<Task>? betweenSteps = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var report = await ReportAsync(reportId);
            if (report.IsFinished)
            {
                return report;
            }

            Assert.True(DateTime.UtcNow < deadline, $"report still {report.State} after 60 s");
            if (betweenSteps is null)
            {
                await Task.Delay(200);
            }
            else
            {
                await betweenSteps();
            }

            await Reports().AdvanceAsync(reportId);
        }
    }

    public async Task<ReconciliationReport> ReportAsync(Guid reportId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Reports.AsNoTracking().SingleAsync(r => r.Id == reportId);
    }

    public async Task<IReadOnlyList<ReportLine>> LinesAsync(Guid reportId, ReportLineFilter filter = ReportLineFilter.All) =>
        (await Queries().LinesAsync(reportId, filter, 0, 500)).Items;

    public async Task<int> StoredRowsAsync(Guid reportId)
    {
        await using var db = Database.CreateDbContext();
        return await db.ReportTransactions.CountAsync(r => r.ReportId == reportId);
    }

    public async ValueTask DisposeAsync()
    {
        _raw.Dispose();
        await Harness.DisposeAsync();
    }
}
