using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using static ClaraPortal.Web.Tests.Features.Approvals.ApprovalTestBed;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>
/// Who may decide what, enforced by <see cref="ApprovalService"/> itself: nobody their own request, one approval per
/// person, only down, only for a requester who may still issue, a comment to reject, only the requester withdraws.
/// </summary>
public sealed class SeparationOfDutiesTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private ApprovalTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await CreateAsync(sandbox);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Nobody_approves_or_rejects_their_own_request_not_even_an_admin()
    {
        var both = TestUsers.WithRoles("dev-both", "Beatriz Both", PortalRoles.Issuer, PortalRoles.Approver);
        await _bed.SignedInAsync("dev-both", "Beatriz Both", PortalRoles.Issuer, PortalRoles.Approver);

        foreach (var requester in new[] { both, Admin })
        {
            var request = Card(20_000m);
            var id = await _bed.FileAsync(request, requester);

            var approve = await _bed.Approvals(requester).ApproveAsync(id, new ApprovalChanges("Mine, but fine"));
            var reject = await _bed.Approvals(requester).RejectAsync(id, "Changed my mind");

            Assert.Equal(ApprovalRefusals.OwnRequest, Assert.IsType<ApprovalActionResult.Refused>(approve).Code);
            Assert.Equal(ApprovalRefusals.OwnRequest, Assert.IsType<ApprovalActionResult.Refused>(reject).Code);
            var row = await _bed.RequestAsync(id);
            Assert.Equal((ApprovalStatus.Pending, 0), (row.Status, row.ApprovalsGiven));
            Assert.Empty(await _bed.DecisionsAsync(id));
            Assert.Empty(_bed.AtClara(request.Reference));
        }
    }

    [Fact]
    public async Task One_approver_cannot_give_both_approvals_of_a_two_approver_band()
    {
        var request = Card(150_000m);
        var id = await _bed.FileAsync(request);

        var first = await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges("Budgeted"));
        var again = await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges("Really budgeted"));

        Assert.Equal((ApprovalStatus.Pending, 1, 2), Progress(first));
        Assert.Equal(ApprovalRefusals.AlreadyApprovedByYou, Assert.IsType<ApprovalActionResult.Refused>(again).Code);
        var row = await _bed.RequestAsync(id);
        Assert.Equal((ApprovalStatus.Pending, 1), (row.Status, row.ApprovalsGiven));
        Assert.Single(await _bed.DecisionsAsync(id));
        Assert.Empty(_bed.AtClara(request.Reference));

        var second = await _bed.Approvals(SecondApprover).ApproveAsync(id, new ApprovalChanges(null));

        Assert.Equal((ApprovalStatus.Approved, 2, 2), Progress(second));
        var issued = await _bed.RequestAsync(id);
        Assert.Equal(ApprovalStatus.Approved, issued.Status);
        Assert.Equal(issued.IssuedCardPurchaseId, Assert.Single(await _bed.CardsWithKeyAsync(request.IdempotencyKey)).Id);
        Assert.Equal(150_000m, Assert.Single(_bed.AtClara(request.Reference)).Amount);
        Assert.Equal(["dev-approver", "dev-approver-2"], (await _bed.DecisionsAsync(id)).Select(d => d.ApproverSubject).Order());
    }

    [Fact]
    public async Task An_approver_cannot_raise_the_amount_or_extend_the_validity_but_lowering_both_issues_the_lower_card()
    {
        var request = Card(50_000m);
        var id = await _bed.FileAsync(request);

        var raise = await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges(null, Amount: 50_000.01m));
        var extend = await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges(null, ValidTo: request.ValidTo.AddDays(1)));
        var zero = await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges(null, Amount: 0m));

        Assert.Equal(ApprovalRefusals.CannotRaise, Assert.IsType<ApprovalActionResult.Refused>(raise).Code);
        Assert.Equal(ApprovalRefusals.CannotExtend, Assert.IsType<ApprovalActionResult.Refused>(extend).Code);
        Assert.IsType<ApprovalActionResult.Refused>(zero);
        var untouched = await _bed.RequestAsync(id);
        Assert.Equal((ApprovalStatus.Pending, 0, 50_000m, request.ValidTo), (untouched.Status, untouched.ApprovalsGiven, untouched.Amount, untouched.ValidTo));
        Assert.Empty(await _bed.DecisionsAsync(id));

        var shorter = request.ValidTo.AddDays(-5);
        var lowered = await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges("Half is enough", Amount: 30_000m, ValidTo: shorter));

        Assert.Equal((ApprovalStatus.Approved, 1, 1), Progress(lowered));
        var card = Assert.Single(await _bed.CardsWithKeyAsync(request.IdempotencyKey));
        Assert.Equal((CardPurchaseStatus.Active, 30_000m, shorter), (card.Status, card.Amount, card.ValidTo));
        Assert.Equal(30_000m, Assert.Single(_bed.AtClara(request.Reference)).Amount);
        var atClara = await sandbox.Client.GetPurchaseAsync(card.ClaraPurchaseId!.Value);
        Assert.Equal((30_000m, shorter), (atClara.Amount, atClara.ValidTo));
        var decision = Assert.Single(await _bed.DecisionsAsync(id));
        Assert.Equal((ApprovalVerdict.Approved, 30_000m, shorter, "Half is enough"), (decision.Verdict, decision.Amount, decision.ValidTo, decision.Comment));
    }

    [Fact]
    public async Task A_request_whose_requester_lost_the_issuer_role_is_not_issued_on_approval()
    {
        var request = Card(20_000m);
        var id = await _bed.FileAsync(request);
        await _bed.SignedInAsync("dev-issuer", "Isabel Issuer", PortalRoles.Auditor);
        using var heard = _bed.RecordNotifications();

        var result = await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges("OK"));

        Assert.Equal(ApprovalStatus.Failed, Assert.IsType<ApprovalActionResult.Done>(result).Status);
        var row = await _bed.RequestAsync(id);
        Assert.Equal((ApprovalStatus.Failed, (Guid?)null), (row.Status, row.IssuedCardPurchaseId));
        Assert.False(string.IsNullOrWhiteSpace(row.FailureMessage));
        Assert.Empty(await _bed.CardsWithKeyAsync(request.IdempotencyKey));
        Assert.Empty(_bed.AtClara(request.Reference));
        Assert.Contains(ApprovalAuditActions.Failed, await _bed.AuditActionsAsync(id));
        Assert.Contains(ApprovalNotificationKind.Failed, heard.KindsOf(id));
    }

    [Fact]
    public async Task A_requester_the_portal_has_no_sign_in_record_of_is_not_issued_on_approval()
    {
        var stranger = TestUsers.WithRoles("dev-issuer-3", "Iris Issuer", PortalRoles.Issuer);
        var request = Card(20_000m);
        var id = await _bed.FileAsync(request, stranger);

        var result = await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges("OK"));

        Assert.Equal(ApprovalStatus.Failed, Assert.IsType<ApprovalActionResult.Done>(result).Status);
        Assert.Equal(ApprovalStatus.Failed, (await _bed.RequestAsync(id)).Status);
        Assert.Empty(await _bed.CardsWithKeyAsync(request.IdempotencyKey));
        Assert.Empty(_bed.AtClara(request.Reference));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Rejecting_needs_a_comment(string comment)
    {
        var id = await _bed.FileAsync(Card(20_000m));

        var refused = await _bed.Approvals(Approver).RejectAsync(id, comment);

        Assert.Equal(ApprovalRefusals.CommentRequired, Assert.IsType<ApprovalActionResult.Refused>(refused).Code);
        Assert.Equal(ApprovalStatus.Pending, (await _bed.RequestAsync(id)).Status);
        Assert.Empty(await _bed.DecisionsAsync(id));

        var rejected = await _bed.Approvals(Approver).RejectAsync(id, "  No budget left this quarter ");

        Assert.Equal(ApprovalStatus.Rejected, Assert.IsType<ApprovalActionResult.Done>(rejected).Status);
        var row = await _bed.RequestAsync(id);
        Assert.Equal((ApprovalStatus.Rejected, "No budget left this quarter", "dev-approver"), (row.Status, row.Reason, row.DecidedBy));
        var decision = Assert.Single(await _bed.DecisionsAsync(id));
        Assert.Equal((ApprovalVerdict.Rejected, "No budget left this quarter"), (decision.Verdict, decision.Comment));
    }

    [Fact]
    public async Task Only_the_requester_withdraws_and_a_withdrawn_request_cannot_be_decided()
    {
        var request = Card(20_000m);
        var id = await _bed.FileAsync(request);

        var byOtherIssuer = await _bed.Approvals(OtherIssuer).WithdrawAsync(id);
        var byAdmin = await _bed.Approvals(Admin).WithdrawAsync(id);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _bed.Approvals(Approver).WithdrawAsync(id));

        Assert.Equal(ApprovalRefusals.NotYours, Assert.IsType<ApprovalActionResult.Refused>(byOtherIssuer).Code);
        Assert.Equal(ApprovalRefusals.NotYours, Assert.IsType<ApprovalActionResult.Refused>(byAdmin).Code);
        Assert.Equal(ApprovalStatus.Pending, (await _bed.RequestAsync(id)).Status);

        var withdrawn = await _bed.Approvals(Requester).WithdrawAsync(id);

        Assert.Equal(ApprovalStatus.Withdrawn, Assert.IsType<ApprovalActionResult.Done>(withdrawn).Status);
        Assert.Equal(ApprovalRefusals.NotPending, Assert.IsType<ApprovalActionResult.Refused>(await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges(null))).Code);
        Assert.Equal(ApprovalRefusals.NotPending, Assert.IsType<ApprovalActionResult.Refused>(await _bed.Approvals(Requester).WithdrawAsync(id)).Code);
        Assert.Equal(ApprovalStatus.Withdrawn, (await _bed.RequestAsync(id)).Status);
        Assert.Empty(_bed.AtClara(request.Reference));
    }

    [Fact]
    public async Task Someone_who_is_not_an_approver_cannot_approve_at_all()
    {
        var id = await _bed.FileAsync(Card(20_000m));

        await Assert.ThrowsAsync<AccessDeniedException>(() => _bed.Approvals(OtherIssuer).ApproveAsync(id, new ApprovalChanges(null)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _bed.Approvals(OtherIssuer).RejectAsync(id, "No"));

        Assert.Equal(ApprovalStatus.Pending, (await _bed.RequestAsync(id)).Status);
    }

    private static (ApprovalStatus Status, int Given, int Required) Progress(ApprovalActionResult result)
    {
        var done = Assert.IsType<ApprovalActionResult.Done>(result);
        return (done.Status, done.ApprovalsGiven, done.RequiredApprovals);
    }
}
