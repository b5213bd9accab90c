using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Approvals;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Time.Testing;
using static ClaraPortal.Web.Tests.Features.Issuance.IssuanceHarness;

namespace ClaraPortal.Web.Tests.Features.Cards;

/// <summary>
/// What stands between a user and a card number shown again, through the real service on SQLite and the sandbox over
/// mutual TLS: a recent sign-in, a per-user limit, the request audited before Clara is asked, and active cards only.
/// </summary>
public sealed class CardRevealGuardTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RevealWatchingClient _clara = new(sandbox);
    private IssuanceHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await CreateAsync(_clara, time: _time);
        _clara.RequestsRecorded = CountAsync;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_sign_in_older_than_five_minutes_is_sent_to_sign_in_again_before_anything_is_asked_or_recorded()
    {
        var card = await IssueAsync(10m);
        var old = TestUsers.SignedInAt(Issuer, _time.GetUtcNow().AddMinutes(-5).AddSeconds(-1));
        var recent = TestUsers.SignedInAt(Issuer, _time.GetUtcNow().AddMinutes(-4));

        var refused = await Assert.ThrowsAsync<RevealRefusedException>(() => _harness.Vcn(old).RevealAsync(card, "Supplier lost it"));

        Assert.Equal(RevealRefusal.SignInAgain, refused.Reason);
        Assert.Equal("For your security, sign in again to see the card number.", Message(refused, "en-US"));
        // A session whose provider said nothing of when the password was typed counts as old.
        var signIn = new RevealSignIn(Microsoft.Extensions.Options.Options.Create(new CardRevealOptions()), _time);
        Assert.False(signIn.IsRecent(CurrentUserInfo.From(Issuer)!));
        Assert.True(signIn.IsRecent(CurrentUserInfo.From(recent)!));
        Assert.Equal(0, _clara.Reveals);
        Assert.Equal(0, await CountAsync(AuditActions.RevealRequested));
        Assert.Equal(0, await CountAsync(AuditActions.Revealed));

        var revealed = await _harness.Vcn(recent).RevealAsync(card, "Supplier lost it");
        Assert.Equal(4, revealed.Last4.Length);
        Assert.Equal(1, _clara.Reveals);
    }

    [Fact]
    public async Task A_user_reveals_at_most_five_cards_in_ten_minutes_then_is_told_and_clara_is_not_asked()
    {
        var cards = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            cards.Add(await IssueAsync(20m + i));
        }

        for (var i = 0; i < 5; i++)
        {
            await _harness.Vcn().RevealAsync(cards[i], "Supplier asked again");
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = await Assert.ThrowsAsync<RevealRefusedException>(() => _harness.Vcn().RevealAsync(cards[5], "Supplier asked again"));
        Assert.Equal(RevealRefusal.TooMany, refused.Reason);
        Assert.Equal(5, _clara.Reveals);
        Assert.Equal(5, await CountAsync(AuditActions.RevealRequested));
        Assert.Equal("You have asked for 5 card numbers within 10 minutes, the most allowed. Try again later.", Message(refused, "en-US"));
        Assert.Equal("Ya pediste 5 números de tarjeta en 10 minutos, el máximo permitido. Inténtalo más tarde.", Message(refused, "es-MX"));

        // Another user is not held back by this one's reveals.
        var admin = await _harness.Vcn(Admin).RevealAsync(cards[5], "Checking for the issuer");
        Assert.Equal(6, _clara.Reveals);

        // Once the first reveal is more than ten minutes old, one more is allowed.
        _time.Advance(TimeSpan.FromMinutes(6));
        await _harness.Vcn().RevealAsync(cards[5], "Supplier asked again");
        Assert.Equal(7, _clara.Reveals);
        Assert.NotNull(admin);
    }

    [Fact]
    public async Task The_request_is_audited_before_clara_is_asked_and_stays_when_clara_fails()
    {
        var card = await IssueAsync(30m);
        _clara.FailNextReveal = true;

        await Assert.ThrowsAsync<HttpRequestException>(() => _harness.Vcn().RevealAsync(card, "Supplier lost it"));

        // What the client saw when Clara was called: the request already committed.
        Assert.Equal([1], _clara.RequestsSeenAtCall);
        await using var db = _harness.Database.CreateDbContext();
        var requested = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.RevealRequested);
        Assert.Equal((CardChanges.EntityType, card.ToString(), "dev-issuer"), (requested.EntityType, requested.EntityId, requested.ActorId));
        Assert.Contains("Supplier lost it", requested.AfterJson, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(AuditActions.Revealed));

        var revealed = await _harness.Vcn().RevealAsync(card, "Trying again");
        Assert.Equal([1, 2], _clara.RequestsSeenAtCall);
        var events = await db.AuditEvents.AsNoTracking().Where(a => a.EntityId == card.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal([AuditActions.RevealRequested, AuditActions.RevealRequested, AuditActions.Revealed], events.Where(a => a.StartsWith("card.reveal", StringComparison.Ordinal)));
        Assert.DoesNotContain(revealed.CardNumber, string.Join(' ', (await db.AuditEvents.AsNoTracking().ToListAsync()).Select(a => a.AfterJson)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_card_is_not_revealed_and_clara_is_not_asked()
    {
        var card = await IssueAsync(40m);
        var cancel = Assert.Single(await _harness.Vcn().CancelAsync([card], "Order withdrawn"));
        Assert.Equal(CardCancelStatus.Cancelled, cancel.Status);

        var refused = await Assert.ThrowsAsync<RevealRefusedException>(() => _harness.Vcn().RevealAsync(card, "Supplier lost it"));
        var byAdmin = await Assert.ThrowsAsync<RevealRefusedException>(() => _harness.Vcn(Admin).RevealAsync(card, "Supplier lost it"));

        Assert.Equal((RevealRefusal.NotActive, RevealRefusal.NotActive), (refused.Reason, byAdmin.Reason));
        Assert.Equal(0, _clara.Reveals);
        Assert.Equal(0, await CountAsync(AuditActions.RevealRequested));
        Assert.Equal("Only an active card's number can be shown, and this card is no longer active.", Message(refused, "en-US"));
    }

    [Fact]
    public async Task A_card_cancelled_at_clara_but_not_yet_here_is_not_shown_either()
    {
        var card = await IssueAsync(45m);
        await using (var db = _harness.Database.CreateDbContext())
        {
            var claraId = (await db.CardPurchases.SingleAsync(p => p.Id == card)).ClaraPurchaseId!.Value;
            await sandbox.Client.CancelAsync([claraId], "Cancelled in Clara's own app");
        }

        var refused = await Assert.ThrowsAsync<RevealRefusedException>(() => _harness.Vcn().RevealAsync(card, "Supplier lost it"));

        Assert.Equal(RevealRefusal.NotActive, refused.Reason);
        Assert.Equal(0, await CountAsync(AuditActions.Revealed));
    }

    [Fact]
    public async Task The_approval_requesters_one_look_also_asks_for_a_recent_sign_in_and_is_kept_when_refused()
    {
        await using var bed = await ApprovalTestBed.CreateAsync(sandbox, _time);
        var id = await bed.FileAsync(ApprovalTestBed.Card(20_000m));
        Assert.IsType<ApprovalActionResult.Done>(await bed.Approvals(ApprovalTestBed.Approver).ApproveAsync(id, new(null)));
        var old = TestUsers.SignedInAt(ApprovalTestBed.Requester, _time.GetUtcNow().AddHours(-2));

        var refused = await Assert.ThrowsAsync<RevealRefusedException>(() => bed.Approvals(old).RevealIssuedCardAsync(id));

        Assert.Equal(RevealRefusal.SignInAgain, refused.Reason);
        Assert.Null((await bed.RequestAsync(id)).RevealedAt);
        var revealed = await bed.Approvals(ApprovalTestBed.Requester).RevealIssuedCardAsync(id);
        Assert.Equal(4, revealed.Last4.Length);
    }

    private async Task<Guid> IssueAsync(decimal amount) =>
        Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn().IssueAsync(EasyRequest(amount))).CardPurchaseId;

    private async Task<int> CountAsync(string action)
    {
        await using var db = _harness.Database.CreateDbContext();
        return await db.AuditEvents.CountAsync(a => a.Action == action);
    }

    private Task<int> CountAsync() => CountAsync(AuditActions.RevealRequested);

    private static string Message(Exception exception, string culture)
    {
        using var scope = new CultureScope(culture);
        var localizer = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
        return UserMessages.For(exception, localizer);
    }

    /// <summary>The sandbox client, counting reveals, noting how many reveal requests were recorded when Clara was called, and failing one on demand.</summary>
    private sealed class RevealWatchingClient(IssuanceSandbox sandbox) : IClaraClient
    {
        private ClaraClient Inner => sandbox.Client;

        public int Reveals { get; private set; }

        public bool FailNextReveal { get; set; }

        public Func<Task<int>>? RequestsRecorded { get; set; }

        public List<int> RequestsSeenAtCall { get; } = [];

        public async Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default)
        {
            if (reveal)
            {
                if (RequestsRecorded is not null)
                {
                    RequestsSeenAtCall.Add(await RequestsRecorded());
                }

                if (FailNextReveal)
                {
                    FailNextReveal = false;
                    throw new HttpRequestException("Clara unreachable (test)");
                }

                Reveals++;
            }

            return await Inner.GetPurchaseAsync(purchaseId, reveal, ct);
        }

        public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => Inner.GetCatalogAsync(detail, ct);

        public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) => Inner.SubmitAsync(request, idempotencyKey, ct);

        public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) => Inner.UpdateAsync(purchaseId, request, idempotencyKey, ct);

        public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) => Inner.CancelAsync(purchaseIds, reason, idempotencyKey, ct);

        public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) => Inner.StartReportAsync(request, idempotencyKey, ct);

        public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) => Inner.GetReportPageAsync(reportId, fromRow, toRow, ct);
    }
}
