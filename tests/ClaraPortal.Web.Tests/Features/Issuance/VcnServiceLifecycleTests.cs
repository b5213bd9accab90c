using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClaraPortal.Web.Tests.Features.Issuance.IssuanceHarness;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>Update, cancel and reveal of issued cards, against the sandbox.</summary>
public sealed class VcnServiceLifecycleTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private readonly CountingClaraClient _clara = new(sandbox);
    private IssuanceHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await CreateAsync(_clara);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Updating_the_limit_stores_clara_s_answer_and_audits_before_and_after()
    {
        var card = await IssueAsync(1000m);

        var result = await _harness.Vcn().UpdateAsync(card, new CardUpdate(2500m, null, Today.AddDays(20)));

        var updated = Assert.IsType<CardUpdateResult.Updated>(result);
        Assert.Equal((2500m, Today.AddDays(20), 2500m), (updated.Card.Amount, updated.Card.ValidTo, updated.Card.Available));
        await using var db = _harness.Database.CreateDbContext();
        var audit = await db.AuditEvents.OrderBy(a => a.Id).LastAsync();
        Assert.Equal(AuditActions.Updated, audit.Action);
        Assert.Contains("\"amount\":1000", audit.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("\"amount\":2500", audit.AfterJson, StringComparison.Ordinal);
        var details = await sandbox.Client.GetPurchaseAsync((await db.CardPurchases.SingleAsync()).ClaraPurchaseId!.Value);
        Assert.Equal(2500m, details.Amount);
    }

    [Fact]
    public async Task An_update_over_the_template_maximum_is_refused_before_clara_hears_of_it()
    {
        var card = await IssueAsync(1000m);
        var updatesBefore = _clara.Updates;

        var result = await _harness.Vcn().UpdateAsync(card, new CardUpdate(250_000.01m, null, null));

        var rejected = Assert.IsType<CardUpdateResult.Rejected>(result);
        Assert.Equal(IssueFields.Amount, Assert.Single(rejected.Errors).Field);
        Assert.Equal(updatesBefore, _clara.Updates);
    }

    [Fact]
    public async Task An_update_the_approval_gate_holds_files_a_request_and_changes_nothing_at_clara()
    {
        await using var gated = await CreateAsync(_clara, s => s.AddScoped<IApprovalGate, AlwaysApprove>());
        var issued = Assert.IsType<IssueCardResult.Issued>(await gated.Vcn().IssueAsync(EasyRequest(1000m)));
        var updatesBefore = _clara.Updates;

        var result = await gated.Vcn().UpdateAsync(issued.CardPurchaseId, new CardUpdate(5000m, null, null));

        var pending = Assert.IsType<CardUpdateResult.NeedsApproval>(result);
        Assert.Equal(updatesBefore, _clara.Updates);
        await using var db = gated.Database.CreateDbContext();
        var request = await db.ApprovalRequests.SingleAsync();
        Assert.Equal((pending.ApprovalRequestId, ApprovalStatus.Pending, 5000m, issued.CardPurchaseId), (request.Id, request.Status, request.Amount, request.CardPurchaseId!.Value));
        Assert.Equal(1000m, (await db.CardPurchases.SingleAsync()).Amount);
    }

    [Fact]
    public async Task A_reason_holding_a_card_number_is_refused_before_anything_is_sent_or_stored()
    {
        var card = await IssueAsync(100m);
        var revealed = await _harness.Vcn().RevealAsync(card, "Supplier lost it");
        var grouped = string.Join(' ', revealed.CardNumber.Chunk(4).Select(c => new string(c)));

        var cancel = await Assert.ThrowsAsync<CardNumberInTextException>(() => _harness.Vcn().CancelAsync([card], $"Pasted by mistake {revealed.CardNumber}"));
        var reveal = await Assert.ThrowsAsync<CardNumberInTextException>(() => _harness.Vcn().RevealAsync(card, $"Check {grouped}"));

        Assert.DoesNotContain(revealed.CardNumber, cancel.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(grouped, reveal.Message, StringComparison.Ordinal);
        await using var db = _harness.Database.CreateDbContext();
        Assert.Equal(CardPurchaseStatus.Active, (await db.CardPurchases.SingleAsync(p => p.Id == card)).Status);
        Assert.Equal(0, await db.AuditEvents.CountAsync(a => a.Action == AuditActions.Cancelled));
        Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Action == AuditActions.Revealed));
    }

    [Fact]
    public async Task Another_issuer_cannot_update_reveal_or_cancel_my_card_but_an_admin_can()
    {
        var card = await IssueAsync(100m);
        var other = _harness.Vcn(OtherIssuer);

        await Assert.ThrowsAsync<AccessDeniedException>(() => other.UpdateAsync(card, new CardUpdate(200m, null, null)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => other.RevealAsync(card, "curious"));
        var cancel = Assert.Single(await other.CancelAsync([card], "not mine"));
        Assert.Equal(CardCancelStatus.Failed, cancel.Status);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _harness.Vcn(TestUsers.InRole(PortalRoles.Auditor)).RevealAsync(card, "audit"));

        var revealed = await _harness.Vcn(Admin).RevealAsync(card, "Supplier lost it");
        Assert.Equal(16, revealed.CardNumber.Length);
        await using var db = _harness.Database.CreateDbContext();
        Assert.Equal(CardPurchaseStatus.Active, (await db.CardPurchases.SingleAsync()).Status);
    }

    [Fact]
    public async Task Revealing_needs_a_reason_and_is_audited_with_it_but_without_the_card()
    {
        var card = await IssueAsync(100m);

        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Vcn().RevealAsync(card, "  "));
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Vcn().RevealAsync(card, new string('x', 501)));
        await using (var forget = _harness.Database.CreateDbContext())
        {
            // As a row recorded before the portal kept the brand: the reveal fills it in.
            await forget.CardPurchases.ExecuteUpdateAsync(s => s.SetProperty(p => p.Brand, (string?)null));
        }

        var revealed = await _harness.Vcn().RevealAsync(card, "Supplier's form needs it");

        await using var db = _harness.Database.CreateDbContext();
        var row = await db.CardPurchases.SingleAsync();
        Assert.Equal(row.Last4, revealed.Last4);
        Assert.Equal(("Visa", "Visa"), (revealed.Brand, row.Brand));
        var audit = await db.AuditEvents.OrderBy(a => a.Id).LastAsync();
        Assert.Equal((AuditActions.Revealed, "dev-issuer"), (audit.Action, audit.ActorId));
        Assert.Contains("Supplier\\u0027s form needs it", audit.AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain(revealed.CardNumber, audit.AfterJson, StringComparison.Ordinal);
        Assert.True((await TestAuditChain.VerifyAsync(db)).IsIntact);
    }

    [Fact]
    public async Task Cancelling_a_mixed_selection_reports_each_card()
    {
        var fresh = await IssueAsync(10m);
        var alreadyHere = await IssueAsync(11m);
        var alreadyAtClara = await IssueAsync(12m);
        var someoneElses = Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn(OtherIssuer).IssueAsync(EasyRequest(13m))).CardPurchaseId;
        await _harness.Vcn().CancelAsync([alreadyHere], "First go");
        await sandbox.Client.CancelAsync([await ClaraIdAsync(alreadyAtClara)], "Cancelled in Clara's own portal");
        var unknownAtClara = await InsertIssuedRowAsync(claraPurchaseId: 99201999999999);
        var missing = Guid.NewGuid();

        var results = await _harness.Vcn().CancelAsync([fresh, alreadyHere, alreadyAtClara, someoneElses, unknownAtClara, missing], "Order withdrawn");

        Assert.Equal(
            [CardCancelStatus.Cancelled, CardCancelStatus.AlreadyCancelled, CardCancelStatus.AlreadyCancelled, CardCancelStatus.Failed, CardCancelStatus.NotFound, CardCancelStatus.NotFound],
            results.Select(r => r.Status));
        Assert.Equal([fresh, alreadyHere, alreadyAtClara, someoneElses, unknownAtClara, missing], results.Select(r => r.CardPurchaseId));
        await using var db = _harness.Database.CreateDbContext();
        var rows = await db.CardPurchases.ToDictionaryAsync(p => p.Id);
        Assert.Equal(("Order withdrawn", CardPurchaseStatus.Cancelled), (rows[fresh].CancelReason, rows[fresh].Status));
        Assert.Equal(CardPurchaseStatus.Cancelled, rows[alreadyAtClara].Status);
        Assert.Equal(CardPurchaseStatus.Active, rows[someoneElses].Status);
        // Clara no longer honours the rest: the stored figure says so without asking Clara again.
        Assert.Equal((0m, 0m), (rows[fresh].Available, rows[alreadyAtClara].Available));
        Assert.Equal(13m, rows[someoneElses].Available);
        Assert.Equal("CANCELLED", (await sandbox.Client.GetPurchaseAsync(rows[fresh].ClaraPurchaseId!.Value)).Status);
        Assert.Equal(3, await db.AuditEvents.CountAsync(a => a.Action == AuditActions.Cancelled));
        Assert.True((await TestAuditChain.VerifyAsync(db)).IsIntact);
    }

    [Fact]
    public async Task Cancelling_more_than_fifty_cards_goes_to_clara_in_batches_of_fifty()
    {
        var cards = new List<Guid>();
        for (var i = 0; i < 53; i++)
        {
            cards.Add(await IssueAsync(1m + i));
        }

        var callsBefore = _clara.CancelBatchSizes.Count;

        var results = await _harness.Vcn().CancelAsync(cards, "Project closed");

        Assert.Equal([50, 3], _clara.CancelBatchSizes.Skip(callsBefore));
        Assert.All(results, r => Assert.Equal(CardCancelStatus.Cancelled, r.Status));
        await using var db = _harness.Database.CreateDbContext();
        Assert.Equal(53, await db.CardPurchases.CountAsync(p => p.Status == CardPurchaseStatus.Cancelled));
    }

    [Fact]
    public async Task A_batch_clara_does_not_answer_is_unconfirmed_not_failed_and_cancelling_again_is_safe()
    {
        var first = await IssueAsync(20m);
        var second = await IssueAsync(21m);
        _clara.FailNextCancel = true;

        var unconfirmed = await _harness.Vcn().CancelAsync([first, second], "Duplicate");

        Assert.All(unconfirmed, r => Assert.Equal(CardCancelStatus.Unconfirmed, r.Status));
        await using (var db = _harness.Database.CreateDbContext())
        {
            Assert.Equal(2, await db.CardPurchases.CountAsync(p => p.Status == CardPurchaseStatus.Active && p.PendingWrite == CardWriteKind.Cancel));
        }

        // The user may ask again before the resolver does: cancelling twice is harmless.
        var retried = await _harness.Vcn().CancelAsync([first, second], "Duplicate");

        Assert.All(retried, r => Assert.Equal(CardCancelStatus.Cancelled, r.Status));
        await using var after = _harness.Database.CreateDbContext();
        Assert.Equal(2, await after.CardPurchases.CountAsync(p => p.Status == CardPurchaseStatus.Cancelled && p.PendingWrite == null));
    }

    [Fact]
    public async Task A_cancel_needs_a_reason_clara_accepts()
    {
        var card = await IssueAsync(5m);

        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Vcn().CancelAsync([card], ""));
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Vcn().CancelAsync([card], new string('r', 201)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _harness.Vcn(TestUsers.InRole(PortalRoles.Approver)).CancelAsync([card], "no"));
    }

    private async Task<Guid> IssueAsync(decimal amount) =>
        Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn().IssueAsync(EasyRequest(amount))).CardPurchaseId;

    private async Task<long> ClaraIdAsync(Guid id)
    {
        await using var db = _harness.Database.CreateDbContext();
        return (await db.CardPurchases.SingleAsync(p => p.Id == id)).ClaraPurchaseId!.Value;
    }

    private async Task<Guid> InsertIssuedRowAsync(long claraPurchaseId)
    {
        await using var db = _harness.Database.CreateDbContext();
        var row = new CardPurchase
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Status = CardPurchaseStatus.Active,
            ClaraPurchaseId = claraPurchaseId,
            Currency = "MXN",
            Amount = 1m,
            Last4 = "0000",
            IssuedBy = "dev-issuer",
            IssuedByName = "Isabel Issuer",
        };
        db.CardPurchases.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private sealed class AlwaysApprove : IApprovalGate
    {
        public Task<ApprovalAssessment> AssessIssueAsync(IssueCardRequest request, ClaraPortal.Web.Security.CurrentUserInfo requester, CancellationToken cancellationToken = default) =>
            Task.FromResult(ApprovalAssessment.None(request.Currency));

        public Task<ApprovalAssessment> AssessUpdateAsync(ApprovalCheck check, CancellationToken cancellationToken = default) =>
            Task.FromResult(ApprovalAssessment.None(check.Card.Currency) with { RequiredApprovals = 1, RuleKey = "Approval.Rule.OneApprover" });
    }
}

/// <summary>The real client, counting writes and able to lose one cancel answer.</summary>
public sealed class CountingClaraClient(IssuanceSandbox sandbox) : IClaraClient
{
    private ClaraClient Inner => sandbox.Client;

    public int Updates { get; private set; }

    public List<int> CancelBatchSizes { get; } = [];

    public bool FailNextCancel { get; set; }

    public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => Inner.GetCatalogAsync(detail, ct);

    public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) => Inner.SubmitAsync(request, idempotencyKey, ct);

    public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default)
    {
        Updates++;
        return Inner.UpdateAsync(purchaseId, request, idempotencyKey, ct);
    }

    public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default)
    {
        CancelBatchSizes.Add(purchaseIds.Count);
        if (FailNextCancel)
        {
            FailNextCancel = false;
            throw new ClaraOutcomeUnknownException(null, "POST /v1/vcn/cancel", null, new TimeoutException());
        }

        return Inner.CancelAsync(purchaseIds, reason, idempotencyKey, ct);
    }

    public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) => Inner.StartReportAsync(request, idempotencyKey, ct);

    public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) => Inner.GetReportPageAsync(reportId, fromRow, toRow, ct);

    public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default) => Inner.GetPurchaseAsync(purchaseId, reveal, ct);
}
