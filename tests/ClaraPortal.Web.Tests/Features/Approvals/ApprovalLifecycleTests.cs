using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static ClaraPortal.Web.Tests.Features.Approvals.ApprovalTestBed;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>
/// A request from filing to its end: idempotent filing, expiry (and the job that runs it for every company),
/// notifications, the requester's one reveal, a limit increase through approval, and company scoping.
/// </summary>
public sealed class ApprovalLifecycleTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ApprovalTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await CreateAsync(sandbox, _time);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Filing_the_same_form_twice_files_one_request()
    {
        using var heard = _bed.RecordNotifications();
        var request = Card(20_000m);

        var first = await _bed.Approvals(Requester).RequestIssueAsync(request, "Trade fair stand");
        var again = await _bed.Approvals(Requester).RequestIssueAsync(request, "Trade fair stand");

        var filed = Assert.IsType<ApprovalFiling.Filed>(first);
        Assert.Equal(filed.RequestId, Assert.IsType<ApprovalFiling.AlreadyFiled>(again).RequestId);
        await using var db = _bed.Database.CreateDbContext();
        Assert.Single(await db.ApprovalRequests.Where(r => r.RequestKey == request.IdempotencyKey).ToListAsync());
        Assert.Equal([ApprovalAuditActions.Filed], await _bed.AuditActionsAsync(filed.RequestId));
        Assert.Equal([ApprovalNotificationKind.Filed], heard.KindsOf(filed.RequestId));
    }

    [Fact]
    public async Task Filing_the_same_form_twice_at_once_files_one_request()
    {
        for (var round = 0; round < 10; round++)
        {
            var request = Card(20_000m);
            var one = _bed.Approvals(Requester);
            var other = _bed.Approvals(Requester);

            var filings = await Task.WhenAll(
                Task.Run(() => one.RequestIssueAsync(request, "Double click")),
                Task.Run(() => other.RequestIssueAsync(request, "Double click")));

            // Both outcomes named in the failure: which one lost, and how, is the whole story.
            Assert.True(filings.OfType<ApprovalFiling.Filed>().Count() == 1 && filings.OfType<ApprovalFiling.AlreadyFiled>().Count() == 1,
                $"Round {round}: {string.Join(", ", filings.Select(f => f.ToString()))}");
            var filed = filings.OfType<ApprovalFiling.Filed>().Single();
            Assert.Equal(filed.RequestId, filings.OfType<ApprovalFiling.AlreadyFiled>().Single().RequestId);
            await using var db = _bed.Database.CreateDbContext();
            Assert.Single(await db.ApprovalRequests.Where(r => r.RequestKey == request.IdempotencyKey).ToListAsync());
        }
    }

    [Fact]
    public async Task A_pending_request_expires_after_72_hours_audited_and_told_and_cannot_be_approved_then()
    {
        var pending = await _bed.FileAsync(Card(20_000m));
        var withdrawn = await _bed.FileAsync(Card(20_000m));
        await _bed.Approvals(Requester).WithdrawAsync(withdrawn);
        using var heard = _bed.RecordNotifications();

        _time.Advance(TimeSpan.FromHours(71));
        Assert.Equal(0, await _bed.Approvals(Requester).ExpireDueAsync());
        Assert.Equal(ApprovalStatus.Pending, (await _bed.RequestAsync(pending)).Status);

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var expired = await _bed.Approvals(Requester).ExpireDueAsync();

        Assert.Equal(1, expired);
        var row = await _bed.RequestAsync(pending);
        Assert.Equal((ApprovalStatus.Expired, _time.GetUtcNow()), (row.Status, row.DecidedAt));
        Assert.Equal(ApprovalStatus.Withdrawn, (await _bed.RequestAsync(withdrawn)).Status);
        Assert.Equal([ApprovalAuditActions.Filed, ApprovalAuditActions.Expired], await _bed.AuditActionsAsync(pending));
        var told = Assert.Single(heard.Heard);
        Assert.Equal(new ApprovalNotification(CompanyKeys.Owner, pending, ApprovalNotificationKind.Expired, "dev-issuer"), told);
        Assert.Equal(ApprovalRefusals.NotPending, Assert.IsType<ApprovalActionResult.Refused>(await _bed.Approvals(Approver).ApproveAsync(pending, new ApprovalChanges(null))).Code);
        Assert.Equal(0, await _bed.Approvals(Requester).ExpireDueAsync());
    }

    [Fact]
    public async Task Filing_approving_issuing_rejecting_and_withdrawing_are_each_told_to_subscribers()
    {
        using var heard = _bed.RecordNotifications();
        var approved = await _bed.FileAsync(Card(20_000m));
        var rejected = await _bed.FileAsync(Card(20_000m));
        var withdrawn = await _bed.FileAsync(Card(20_000m));

        await _bed.Approvals(Approver).ApproveAsync(approved, new ApprovalChanges(null));
        await _bed.Approvals(Approver).RejectAsync(rejected, "Not this month");
        await _bed.Approvals(Requester).WithdrawAsync(withdrawn);

        Assert.Equal([ApprovalNotificationKind.Filed, ApprovalNotificationKind.Approved, ApprovalNotificationKind.Issued], heard.KindsOf(approved));
        Assert.Equal([ApprovalNotificationKind.Filed, ApprovalNotificationKind.Rejected], heard.KindsOf(rejected));
        Assert.Equal([ApprovalNotificationKind.Filed, ApprovalNotificationKind.Withdrawn], heard.KindsOf(withdrawn));
        Assert.All(heard.Heard, n => Assert.Equal((CompanyKeys.Owner, "dev-issuer"), (n.Company, n.RequesterSubject)));
    }

    [Fact]
    public async Task The_requester_reveals_the_card_issued_on_approval_once()
    {
        var request = Card(20_000m);
        var id = await _bed.FileAsync(request);
        await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges(null));
        Assert.True(Assert.Single(await _bed.Queries(Requester).MineAsync(), r => r.Id == id).CanReveal);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => _bed.Approvals(OtherIssuer).RevealIssuedCardAsync(id));
        var revealed = await _bed.Approvals(Requester).RevealIssuedCardAsync(id);
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => _bed.Approvals(Requester).RevealIssuedCardAsync(id));

        var card = Assert.Single(await _bed.CardsWithKeyAsync(request.IdempotencyKey));
        Assert.Equal((16, card.Last4), (revealed.CardNumber.Length, revealed.Last4));
        Assert.EndsWith(card.Last4!, revealed.CardNumber, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(second.Message));
        Assert.DoesNotContain(revealed.CardNumber, second.Message, StringComparison.Ordinal);
        Assert.NotNull((await _bed.RequestAsync(id)).RevealedAt);
        Assert.False(Assert.Single(await _bed.Queries(Requester).MineAsync(), r => r.Id == id).CanReveal);
        await using var db = _bed.Database.CreateDbContext();
        Assert.Single(await db.AuditEvents.Where(a => a.Action == AuditActions.Revealed && a.EntityId == card.Id.ToString()).ToListAsync());
    }

    [Fact]
    public async Task A_pending_request_has_no_card_to_reveal()
    {
        var id = await _bed.FileAsync(Card(20_000m));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _bed.Approvals(Requester).RevealIssuedCardAsync(id));

        Assert.Null((await _bed.RequestAsync(id)).RevealedAt);
    }

    [Fact]
    public async Task A_limit_increase_above_the_band_files_an_update_request_whose_approval_applies_it_at_the_sandbox()
    {
        var issue = Card(5_000m);
        var issued = Assert.IsType<IssueCardResult.Issued>(await _bed.Issuer(Requester).IssueAsync(issue));
        var claraId = Assert.Single(await _bed.CardsWithKeyAsync(issue.IdempotencyKey)).ClaraPurchaseId!.Value;

        // Within the band a raise is applied at once; above it, it waits for an approver.
        Assert.IsType<CardUpdateResult.Updated>(await _bed.Harness.Service<CardUpdater>(Requester).UpdateAsync(issued.CardPurchaseId, new CardUpdate(8_000m, null, null)));
        var result = await _bed.Harness.Service<CardUpdater>(Requester).UpdateAsync(issued.CardPurchaseId, new CardUpdate(50_000m, null, null));

        var pending = Assert.IsType<CardUpdateResult.NeedsApproval>(result);
        var row = await _bed.RequestAsync(pending.ApprovalRequestId);
        Assert.Equal((ApprovalKinds.UpdateCard, issued.CardPurchaseId, 50_000m, 1, ApprovalStatus.Pending),
            (row.Kind, row.CardPurchaseId!.Value, row.Amount, row.RequiredApprovals, row.Status));
        Assert.Equal(8_000m, (await sandbox.Client.GetPurchaseAsync(claraId)).Amount);

        var approved = await _bed.Approvals(Approver).ApproveAsync(pending.ApprovalRequestId, new ApprovalChanges("Event grew"));

        Assert.Equal(ApprovalStatus.Approved, Assert.IsType<ApprovalActionResult.Done>(approved).Status);
        Assert.Equal(50_000m, (await sandbox.Client.GetPurchaseAsync(claraId)).Amount);
        var card = Assert.Single(await _bed.CardsWithKeyAsync(issue.IdempotencyKey));
        Assert.Equal((CardPurchaseStatus.Active, 50_000m), (card.Status, card.Amount));
        Assert.Equal(ApprovalStatus.Approved, (await _bed.RequestAsync(pending.ApprovalRequestId)).Status);
    }

    [Fact]
    public async Task An_approver_of_another_company_cannot_see_or_decide_an_owner_request()
    {
        var id = await _bed.FileAsync(Card(20_000m));
        var serviciosApprover = TestUsers.InCompany(Approver, TestCompanies.Servicios);

        var approve = await _bed.Approvals(serviciosApprover).ApproveAsync(id, new ApprovalChanges(null));
        var reject = await _bed.Approvals(serviciosApprover).RejectAsync(id, "Not ours");

        Assert.Equal(ApprovalRefusals.NotFound, Assert.IsType<ApprovalActionResult.Refused>(approve).Code);
        Assert.Equal(ApprovalRefusals.NotFound, Assert.IsType<ApprovalActionResult.Refused>(reject).Code);
        Assert.Null(await _bed.Queries(serviciosApprover).DetailAsync(id));
        Assert.Equal(0, (await _bed.Queries(serviciosApprover).QueueAsync(new ApprovalQueueQuery())).Total);
        Assert.Equal(0, await _bed.Queries(serviciosApprover).ActionableCountAsync());

        // The owner's approver sees it, undecided.
        Assert.NotNull(await _bed.Queries(Approver).DetailAsync(id));
        Assert.Contains((await _bed.Queries(Approver).QueueAsync(new ApprovalQueueQuery())).Items, i => i.Id == id);
        var row = await _bed.RequestAsync(id);
        Assert.Equal((ApprovalStatus.Pending, 0), (row.Status, row.ApprovalsGiven));
        Assert.Empty(await _bed.DecisionsAsync(id));
    }

    [Fact]
    public async Task The_expiry_job_expires_due_requests_of_every_configured_company()
    {
        var owner = await _bed.FileAsync(Card(20_000m));
        var servicios = Guid.NewGuid();
        await using (var db = _bed.Database.CreateDbContext(TestCompanies.Servicios.Key))
        {
            db.ApprovalRequests.Add(new ApprovalRequest
            {
                Id = servicios,
                Kind = ApprovalKinds.IssueCard,
                Summary = "Servicios card",
                Amount = 20_000m,
                Currency = "MXN",
                Status = ApprovalStatus.Pending,
                RequestedBy = "dev-issuer",
                RequestedByName = "Isabel Issuer",
                RequestedAt = _time.GetUtcNow(),
                ExpiresAt = _time.GetUtcNow() + TimeSpan.FromHours(72),
            });
            await db.SaveChangesAsync();
        }

        _time.Advance(TimeSpan.FromHours(73));
        using var job = new ApprovalExpiryService(
            _bed.Harness.Scopes, TestCompanies.Sandbox, Options.Create(new ApprovalExpiryOptions { Interval = TimeSpan.FromHours(1) }), _time,
            NullLogger<ApprovalExpiryService>.Instance);

        await job.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline && (await StatusAsync(CompanyKeys.Owner, owner) != ApprovalStatus.Expired
                || await StatusAsync(TestCompanies.Servicios.Key, servicios) != ApprovalStatus.Expired))
            {
                await Task.Delay(50);
            }
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }

        Assert.Equal(ApprovalStatus.Expired, await StatusAsync(CompanyKeys.Owner, owner));
        Assert.Equal(ApprovalStatus.Expired, await StatusAsync(TestCompanies.Servicios.Key, servicios));
        Assert.Contains(ApprovalAuditActions.Expired, await _bed.AuditActionsAsync(owner));
        Assert.Contains(ApprovalAuditActions.Expired, await _bed.AuditActionsAsync(servicios, TestCompanies.Servicios.Key));
    }

    private async Task<ApprovalStatus> StatusAsync(string company, Guid id)
    {
        await using var db = _bed.Database.CreateDbContext(company);
        return await db.ApprovalRequests.AsNoTracking().Where(r => r.Id == id).Select(r => r.Status).SingleAsync();
    }
}
