using ClaraPortal.Testing;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static ClaraPortal.Web.Tests.Features.Issuance.IssuanceHarness;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>
/// The write path's rules, each as the exact sequence that used to break it, against the real sandbox over mutual TLS
/// and a real SQLite file, with the portal's clock in the test's hands.
/// </summary>
public sealed class WritePathTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FaultyClaraClient _clara = null!;
    private IssuanceHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _clara = new FaultyClaraClient(sandbox.Client);
        _harness = await CreateAsync(_clara, time: _time);
    }

    public async Task DisposeAsync()
    {
        sandbox.Server.Faults.LatencyMilliseconds = 0;
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_lost_after_clara_issued_is_unknown_and_the_resolver_records_that_same_card_once()
    {
        _clara.Submits.Enqueue(new WriteFault.AnswerLost());
        var reference = Reference();

        var first = await _harness.Vcn().IssueAsync(EasyRequest(410m, reference: reference));

        var unknown = Assert.IsType<IssueCardResult.OutcomeUnknown>(first);
        var row = await RowAsync(unknown.CardPurchaseId);
        Assert.Equal(CardPurchaseStatus.OutcomeUnknown, row.Status);
        Assert.NotNull(row.NextResolveAt);

        var pass = await _harness.ResolveEverythingAsync();

        Assert.Equal((1, 0), (pass.Settled, pass.StillUnknown));
        var settled = await RowAsync(unknown.CardPurchaseId);
        Assert.Equal(CardPurchaseStatus.Active, settled.Status);
        Assert.Null(settled.NextResolveAt);
        var atClara = Assert.Single(sandbox.Server.ListPurchases(), p => p.Reference == reference);
        Assert.Equal(atClara.PurchaseId, settled.ClaraPurchaseId);
        Assert.Equal(2, _clara.SubmitKeys.Count(k => k == row.IdempotencyKey));
    }

    [Theory]
    [InlineData(401, "UNAUTHORIZED")]
    [InlineData(403, "FORBIDDEN")]
    [InlineData(429, "RATE_LIMITED")]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(409, "IDEMPOTENCY_CONFLICT")]
    public async Task A_replay_refused_without_an_answer_about_the_request_leaves_the_outcome_unknown_and_backs_off(int status, string code)
    {
        _clara.Submits.Enqueue(new WriteFault.AnswerLost());
        var id = Assert.IsType<IssueCardResult.OutcomeUnknown>(await _harness.Vcn().IssueAsync(EasyRequest(420m, reference: Reference()))).CardPurchaseId;
        var before = await RowAsync(id);
        _clara.Submits.Enqueue(new WriteFault.Refused(status, code));

        var pass = await _harness.Resolver().ResolveDueAsync(ignoreSchedule: true);

        Assert.Equal((1, 0, 1), (pass.Looked, pass.Settled, pass.StillUnknown));
        var after = await RowAsync(id);
        Assert.Equal(CardPurchaseStatus.OutcomeUnknown, after.Status);
        Assert.Equal(before.ResolveAttempts + 1, after.ResolveAttempts);
        Assert.True(after.NextResolveAt > before.NextResolveAt, "the next replay waits longer");

        // Whenever Clara does answer, it is the first card.
        await _harness.ResolveEverythingAsync();
        Assert.Equal(CardPurchaseStatus.Active, (await RowAsync(id)).Status);
    }

    [Fact]
    public async Task A_replay_answered_422_is_an_answer_about_the_request_and_settles_it_as_failed()
    {
        var id = await RequestedRowLeftByAKilledProcessAsync(430m);
        _clara.Submits.Enqueue(new WriteFault.Refused(422, "B013"));

        await _harness.Resolver().ResolveDueAsync(ignoreSchedule: true);

        var row = await RowAsync(id);
        Assert.Equal((CardPurchaseStatus.Failed, "B013"), (row.Status, row.FailureCode));
        Assert.Null(row.NextResolveAt);
    }

    [Fact]
    public async Task A_first_submit_refused_before_any_ambiguous_attempt_is_failed_and_nothing_exists_at_clara()
    {
        _clara.Submits.Enqueue(new WriteFault.Refused(503, "UNAVAILABLE"));
        var reference = Reference();

        var result = await _harness.Vcn().IssueAsync(EasyRequest(440m, reference: reference));

        var rejected = Assert.IsType<IssueCardResult.Rejected>(result);
        Assert.Equal(CardPurchaseStatus.Failed, (await RowAsync(rejected.CardPurchaseId!.Value)).Status);
        Assert.DoesNotContain(sandbox.Server.ListPurchases(), p => p.Reference == reference);
    }

    [Fact]
    public async Task Two_check_agains_at_once_record_one_card_and_neither_turns_it_back()
    {
        _clara.Submits.Enqueue(new WriteFault.AnswerLost());
        var reference = Reference();
        var id = Assert.IsType<IssueCardResult.OutcomeUnknown>(await _harness.Vcn().IssueAsync(EasyRequest(450m, reference: reference))).CardPurchaseId;
        // The second replay fails late (after the first recorded the card): it must not make the card Failed or unknown.
        _clara.Submits.Enqueue(new WriteFault.AnswerLost());

        var results = await Task.WhenAll(_harness.Vcn().ResolveOutcomeAsync(id), _harness.Vcn().ResolveOutcomeAsync(id));

        Assert.Contains(results, r => r is IssueCardResult.Issued or IssueCardResult.AlreadySubmitted);
        var row = await RowAsync(id);
        Assert.Equal(CardPurchaseStatus.Active, row.Status);
        Assert.Single(sandbox.Server.ListPurchases(), p => p.Reference == reference);
        await using var db = _harness.Database.CreateDbContext();
        Assert.Single(await db.AuditEvents.Where(a => a.EntityId == id.ToString() && a.Action == AuditActions.Issued).ToListAsync());
        Assert.True((await TestAuditChain.VerifyAsync(db)).IsIntact);
    }

    [Fact]
    public void An_illegal_transition_throws_instead_of_overwriting()
    {
        var card = new CardPurchase { Id = Guid.NewGuid(), IdempotencyKey = "k", Currency = "MXN", IssuedBy = "s", IssuedByName = "n", Status = CardPurchaseStatus.Active };

        Assert.Throws<InvalidCardTransitionException>(() => card.MarkFailed("B013", "late", _time.GetUtcNow()));
        Assert.Throws<InvalidCardTransitionException>(() => card.MarkOutcomeUnknown("late", _time.GetUtcNow()));
        Assert.Throws<InvalidCardTransitionException>(() => card.MarkIssued(1, "1234", null, 0m, 1m, _time.GetUtcNow()));
        Assert.Equal(CardPurchaseStatus.Active, card.Status);

        // Leaving a state settles the row, which ends its schedule: a cancelled row is never looked at again.
        card.ClaraPurchaseId = 1;
        Assert.True(card.Cancel("first", _time.GetUtcNow()));
        card.ScheduleResolve(TimeSpan.FromMinutes(1), _time.GetUtcNow());
        Assert.False(card.Cancel("again", _time.GetUtcNow()));
        Assert.Null(card.NextResolveAt);
        Assert.False(card.IsUnsettled);
    }

    [Fact]
    public async Task A_request_left_requested_by_a_killed_process_is_replayed_once_due_and_issued_once()
    {
        var reference = Reference();
        var id = await RequestedRowLeftByAKilledProcessAsync(460m, reference);

        var early = await _harness.Resolver().ResolveDueAsync();
        Assert.Equal(0, early.Looked); // the call that made it gets its grace period first

        _time.Advance(TimeSpan.FromMinutes(1));
        var pass = await _harness.Resolver().ResolveDueAsync();

        Assert.Equal(1, pass.Settled);
        Assert.Equal(CardPurchaseStatus.Active, (await RowAsync(id)).Status);
        Assert.Single(sandbox.Server.ListPurchases(), p => p.Reference == reference);
    }

    [Fact]
    public async Task Leaving_the_page_while_clara_answers_does_not_cancel_the_call_and_its_outcome_is_recorded()
    {
        var reference = Reference();
        sandbox.Server.Faults.LatencyMilliseconds = 1500;
        using var page = new CancellationTokenSource();

        var issuing = _harness.Vcn().IssueAsync(EasyRequest(470m, reference: reference), page.Token);
        await WaitForAsync(r => r.Reference == reference); // recorded, and the call to Clara is in flight
        await page.CancelAsync(); // the user leaves the page
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => issuing);

        var row = await WaitForAsync(r => r.Reference == reference && r.Status != CardPurchaseStatus.Requested);
        Assert.Equal(CardPurchaseStatus.Active, row.Status);
        Assert.Single(sandbox.Server.ListPurchases(), p => p.Reference == reference);
    }

    [Fact]
    public async Task A_row_older_than_clara_keeps_its_key_is_never_replayed_and_needs_a_person()
    {
        _clara.Submits.Enqueue(new WriteFault.AnswerLost());
        var id = Assert.IsType<IssueCardResult.OutcomeUnknown>(await _harness.Vcn().IssueAsync(EasyRequest(480m, reference: Reference()))).CardPurchaseId;
        var calls = _clara.SubmitKeys.Count;

        _time.Advance(TimeSpan.FromHours(24));
        var pass = await _harness.Resolver().ResolveDueAsync();

        Assert.Equal(1, pass.NeedsAttention);
        Assert.Equal(calls, _clara.SubmitKeys.Count);
        var row = await RowAsync(id);
        Assert.Equal(CardPurchaseStatus.OutcomeUnknown, row.Status);
        Assert.NotNull(row.NeedsAttentionAt);
        Assert.Equal(AttentionReasons.SubmitKeyExpired, row.NeedsAttentionReason);
        Assert.Null(row.NextResolveAt);
        Assert.Equal(0, (await _harness.Resolver().ResolveDueAsync(ignoreSchedule: true)).Looked);
        Assert.Contains(await _harness.Service<CardQueries>(Issuer).NeedsAttentionAsync(), c => c.Id == id);
    }

    [Fact]
    public async Task An_update_based_on_a_stale_view_is_refused_and_nothing_is_sent()
    {
        var card = await IssueAsync(500m);
        var seen = (await RowAsync(card)).ConcurrencyStamp;
        Assert.IsType<CardUpdateResult.Updated>(await _harness.Vcn(Admin).UpdateAsync(card, new CardUpdate(600m, null, null)));
        var sent = _clara.UpdateKeys.Count;

        var result = await _harness.Vcn().UpdateAsync(card, new CardUpdate(700m, null, null), seen);

        Assert.Equal(RejectionCodes.Changed, Assert.IsType<CardUpdateResult.Rejected>(result).Code);
        Assert.Equal(sent, _clara.UpdateKeys.Count);
        Assert.Equal(600m, (await RowAsync(card)).Amount);
    }

    [Fact]
    public async Task Two_updates_at_once_end_in_one_of_them_and_the_other_is_told()
    {
        var card = await IssueAsync(510m);
        var stamp = (await RowAsync(card)).ConcurrencyStamp;
        _clara.WriteDelay = TimeSpan.FromMilliseconds(300);

        var results = await Task.WhenAll(
            _harness.Vcn().UpdateAsync(card, new CardUpdate(610m, null, null), stamp),
            _harness.Vcn(Admin).UpdateAsync(card, new CardUpdate(620m, null, null), stamp));

        var winner = Assert.IsType<CardUpdateResult.Updated>(Assert.Single(results, r => r is CardUpdateResult.Updated));
        var loser = Assert.IsType<CardUpdateResult.Rejected>(Assert.Single(results, r => r is CardUpdateResult.Rejected));
        Assert.Contains(loser.Code, new[] { RejectionCodes.Changed, RejectionCodes.Busy });
        var row = await RowAsync(card);
        Assert.Equal(winner.Card.Amount, row.Amount);
        Assert.Equal(row.Amount, (await sandbox.Client.GetPurchaseAsync(row.ClaraPurchaseId!.Value)).Amount);
        Assert.Null(row.PendingWrite);
        Assert.Single(_clara.UpdateKeys);
    }

    [Fact]
    public async Task An_update_and_a_cancel_at_once_end_cancelled_and_the_update_is_not_written_onto_it()
    {
        var card = await IssueAsync(520m);
        _clara.WriteDelay = TimeSpan.FromMilliseconds(300);

        var update = _harness.Vcn().UpdateAsync(card, new CardUpdate(720m, null, null));
        var cancel = _harness.Vcn().CancelAsync([card], "Supplier withdrew");
        await Task.WhenAll(update, cancel);

        var row = await RowAsync(card);
        Assert.Equal(CardPurchaseStatus.Cancelled, row.Status);
        Assert.Null(row.PendingWrite);
        Assert.Equal(CardCancelStatus.Cancelled, Assert.Single(await cancel).Status);
        if (await update is CardUpdateResult.Rejected rejected)
        {
            Assert.Contains(rejected.Code, new[] { RejectionCodes.CardNotActive, RejectionCodes.Busy, RejectionCodes.Changed, "B015" });
        }
    }

    [Fact]
    public async Task An_update_whose_answer_is_lost_stays_pending_and_the_resolver_replays_the_same_key()
    {
        var card = await IssueAsync(530m);
        _clara.Updates.Enqueue(new WriteFault.AnswerLost());

        var result = await _harness.Vcn().UpdateAsync(card, new CardUpdate(630m, null, null));

        Assert.Equal(RejectionCodes.OutcomeUnknown, Assert.IsType<CardUpdateResult.Rejected>(result).Code);
        var pending = await RowAsync(card);
        Assert.Equal(CardWriteKind.Update, pending.PendingWrite);
        Assert.Equal(530m, pending.Amount);
        Assert.IsType<CardUpdateResult.Rejected>(await _harness.Vcn().UpdateAsync(card, new CardUpdate(640m, null, null)));

        await _harness.ResolveEverythingAsync();

        var settled = await RowAsync(card);
        Assert.Equal((630m, (CardWriteKind?)null), (settled.Amount, settled.PendingWrite));
        Assert.Equal([pending.PendingWriteKey!, pending.PendingWriteKey!], _clara.UpdateKeys.ToArray());
    }

    [Fact]
    public async Task A_cancel_whose_answer_is_lost_is_replayed_by_the_resolver_and_recorded()
    {
        var card = await IssueAsync(540m);
        _clara.Cancels.Enqueue(new WriteFault.AnswerLost());

        var result = Assert.Single(await _harness.Vcn().CancelAsync([card], "Project closed"));

        Assert.Equal(CardCancelStatus.Unconfirmed, result.Status);
        Assert.Equal(CardWriteKind.Cancel, (await RowAsync(card)).PendingWrite);

        await _harness.ResolveEverythingAsync();

        var row = await RowAsync(card);
        Assert.Equal((CardPurchaseStatus.Cancelled, (CardWriteKind?)null, "Project closed"), (row.Status, row.PendingWrite, row.CancelReason));
        Assert.Equal(2, _clara.CancelKeys.Count);
        Assert.Single(_clara.CancelKeys.Distinct());
    }

    [Fact]
    public async Task Cancelling_someone_elses_card_tells_nothing_about_it()
    {
        var theirs = await IssueAsync(550m);

        var result = Assert.Single(await _harness.Vcn(OtherIssuer).CancelAsync([theirs], "Not mine"));

        Assert.Equal(CardCancelStatus.Failed, result.Status);
        Assert.Null(result.Last4);
        Assert.Equal(CardPurchaseStatus.Active, (await RowAsync(theirs)).Status);
    }

    [Fact]
    public async Task A_card_clara_does_not_show_yet_right_after_issuing_is_not_visible_yet_and_later_missing_means_missing()
    {
        sandbox.Server.Faults.ReadAfterWriteLagSeconds = 600;
        try
        {
            var card = await IssueAsync(560m);
            var queries = _harness.Service<CardQueries>(Issuer);
            var row = await RowAsync(card);

            Assert.IsType<ClaraCardRead.NotVisibleYet>(await queries.ReadFromClaraAsync(row));

            _time.Advance(TimeSpan.FromMinutes(5));
            Assert.IsType<ClaraCardRead.MissingAtClara>(await queries.ReadFromClaraAsync(row));
        }
        finally
        {
            sandbox.Server.Faults.ReadAfterWriteLagSeconds = 0;
        }
    }

    private async Task<Guid> IssueAsync(decimal amount) =>
        Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn().IssueAsync(EasyRequest(amount, reference: Reference()))).CardPurchaseId;

    /// <summary>A row recorded, then the process killed before Clara was called: Requested, nothing at Clara.</summary>
    private async Task<Guid> RequestedRowLeftByAKilledProcessAsync(decimal amount, string? reference = null)
    {
        _clara.Submits.Clear();
        _clara.Submits.Enqueue(new WriteFault.ProcessKilled());
        reference ??= Reference();
        await Assert.ThrowsAsync<ProcessKilledException>(() => _harness.Vcn().IssueAsync(EasyRequest(amount, reference: reference)));
        var row = await WaitForAsync(r => r.Reference == reference);
        Assert.Equal(CardPurchaseStatus.Requested, row.Status);
        Assert.DoesNotContain(sandbox.Server.ListPurchases(), p => p.Reference == reference);
        return row.Id;
    }

    private async Task<CardPurchase> RowAsync(Guid id)
    {
        await using var db = _harness.Database.CreateDbContext();
        return await db.CardPurchases.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<CardPurchase> WaitForAsync(Func<CardPurchase, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using (var db = _harness.Database.CreateDbContext())
            {
                var match = (await db.CardPurchases.AsNoTracking().ToListAsync(deadline.Token)).FirstOrDefault(condition);
                if (match is not null)
                {
                    return match;
                }
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private static string Reference() => "PO-WP-" + TestReferences.Unique()[..10];
}
