using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Tests.Features.Issuance;
using Xunit.Abstractions;
using static ClaraPortal.Web.Tests.Features.Approvals.ApprovalTestBed;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>
/// Two people acting on one request at the same moment, each in their own scope (their own circuit), a hundred times
/// against one SQLite file and the real sandbox: one state wins, the other is told, and never two cards.
/// </summary>
public sealed class ApprovalRaceTests(IssuanceSandbox sandbox, ITestOutputHelper output) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private const int Rounds = 100;

    private static readonly string[] LoserCodes = [ApprovalRefusals.NotPending, ApprovalRefusals.ChangedMeanwhile];

    private ApprovalTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await CreateAsync(sandbox);
        // Small cards that still need one approver, so a hundred of them barely touch the funding card's credit.
        await _bed.AddBandAsync(null, null, 100m, 1_000_000m);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Two_approvers_approving_one_request_at_once_issue_exactly_one_card_and_the_other_is_told()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var request = Card(500m) with { Reference = NewReference($"RA{round}") };
            var id = await _bed.FileAsync(request);
            var first = _bed.Approvals(Approver);
            var second = _bed.Approvals(SecondApprover);

            var results = await Task.WhenAll(
                Task.Run(() => first.ApproveAsync(id, new ApprovalChanges(null))),
                Task.Run(() => second.ApproveAsync(id, new ApprovalChanges(null))));

            var done = Assert.Single(results.OfType<ApprovalActionResult.Done>());
            Assert.True(done.Status == ApprovalStatus.Approved, $"round {round}: the winner ended {done.Status}");
            var refused = Assert.Single(results.OfType<ApprovalActionResult.Refused>());
            Assert.True(LoserCodes.Contains(refused.Code), $"round {round}: the loser was refused with {refused.Code}");
            Assert.False(string.IsNullOrWhiteSpace(refused.Message));

            var row = await _bed.RequestAsync(id);
            Assert.True(row.Status == ApprovalStatus.Approved, $"round {round}: the request ended {row.Status}");
            Assert.Equal(1, row.ApprovalsGiven);
            Assert.Single(await _bed.DecisionsAsync(id));
            var card = Assert.Single(await _bed.CardsWithKeyAsync(request.IdempotencyKey));
            Assert.Equal(card.Id, row.IssuedCardPurchaseId);
            Assert.Equal(CardPurchaseStatus.Active, card.Status);
            var atClara = _bed.AtClara(request.Reference);
            Assert.True(atClara.Count == 1, $"round {round}: {atClara.Count} cards at the sandbox");
        }
    }

    [Fact]
    public async Task Approving_and_withdrawing_at_once_end_in_one_consistent_state_and_the_loser_is_told()
    {
        var (approvedRounds, withdrawnRounds) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            var request = Card(500m) with { Reference = NewReference($"RW{round}") };
            var id = await _bed.FileAsync(request);
            var approver = _bed.Approvals(Approver);
            var requester = _bed.Approvals(Requester);

            var results = await Task.WhenAll(
                Task.Run(() => approver.ApproveAsync(id, new ApprovalChanges(null))),
                Task.Run(() => requester.WithdrawAsync(id)));
            var (approve, withdraw) = (results[0], results[1]);

            var row = await _bed.RequestAsync(id);
            var cards = await _bed.CardsWithKeyAsync(request.IdempotencyKey);
            var atClara = _bed.AtClara(request.Reference);
            if (row.Status == ApprovalStatus.Withdrawn)
            {
                withdrawnRounds++;
                Assert.Equal(ApprovalStatus.Withdrawn, Assert.IsType<ApprovalActionResult.Done>(withdraw).Status);
                var loser = Assert.IsType<ApprovalActionResult.Refused>(approve);
                Assert.True(LoserCodes.Contains(loser.Code), $"round {round}: the approver was refused with {loser.Code}");
                Assert.Null(row.IssuedCardPurchaseId);
                Assert.Empty(await _bed.DecisionsAsync(id));
                Assert.Empty(cards);
                Assert.True(atClara.Count == 0, $"round {round}: withdrawn, yet {atClara.Count} cards at the sandbox");
            }
            else
            {
                approvedRounds++;
                Assert.True(row.Status == ApprovalStatus.Approved, $"round {round}: the request ended {row.Status}");
                Assert.Equal(ApprovalStatus.Approved, Assert.IsType<ApprovalActionResult.Done>(approve).Status);
                var loser = Assert.IsType<ApprovalActionResult.Refused>(withdraw);
                Assert.True(LoserCodes.Contains(loser.Code), $"round {round}: the requester was refused with {loser.Code}");
                Assert.Equal(Assert.Single(cards).Id, row.IssuedCardPurchaseId);
                Assert.True(atClara.Count == 1, $"round {round}: approved, yet {atClara.Count} cards at the sandbox");
            }
        }

        output.WriteLine($"approved first: {approvedRounds}, withdrawn first: {withdrawnRounds}");
        Assert.Equal(Rounds, approvedRounds + withdrawnRounds);
    }
}
