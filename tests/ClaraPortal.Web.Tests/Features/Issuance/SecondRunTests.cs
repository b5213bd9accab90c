using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Testing;
using Microsoft.EntityFrameworkCore;
using static ClaraPortal.Web.Tests.Features.Issuance.IssuanceHarness;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>
/// A sandbox that lost its state (in memory, restarted) hands purchase ids out again while the portal keeps its rows:
/// an old row's Clara id then names a new card of another user. The portal must never show, reveal or record it as the
/// old card.
/// </summary>
public sealed class SecondRunTests : IAsyncLifetime
{
    private SandboxHarness _sandbox = null!;
    private SwitchableClaraClient _clara = null!;
    private IssuanceHarness _portal = null!;

    public async Task InitializeAsync()
    {
        // Both runs start their ids at the same number, as a sandbox without a time-based start would.
        _sandbox = await SandboxHarness.StartAsync(o => o.FirstPurchaseId = 99201000000001, persistent: false);
        _clara = new SwitchableClaraClient(_sandbox.CreateClient());
        _portal = await CreateAsync(_clara);
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        _clara.Dispose();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task After_the_sandbox_forgets_its_cards_an_old_row_never_reveals_or_shows_the_new_card_behind_its_id()
    {
        var mine = Assert.IsType<IssueCardResult.Issued>(await _portal.Vcn(Issuer).IssueAsync(EasyRequest(111m, reference: "PO-FIRST-RUN")));

        await _sandbox.RestartAsync();
        _clara.Use(_sandbox.CreateClient());
        var theirs = await _portal.Vcn(OtherIssuer).IssueAsync(EasyRequest(222m, reference: "PO-SECOND-RUN"));

        // The other issuer still gets the card Clara issued; the portal cannot record it under an id it already holds.
        var theirsIssued = Assert.IsType<IssueCardResult.Issued>(theirs);
        await using (var db = _portal.Database.CreateDbContext())
        {
            var mineRow = await db.CardPurchases.SingleAsync(p => p.Id == mine.CardPurchaseId);
            var theirsRow = await db.CardPurchases.SingleAsync(p => p.Id == theirsIssued.CardPurchaseId);
            Assert.Equal(mineRow.ClaraPurchaseId, _sandbox.Server.ListPurchases().Single().PurchaseId);
            Assert.Equal(CardPurchaseStatus.OutcomeUnknown, theirsRow.Status);
            Assert.Equal(AttentionReasons.ClaraIdTaken, theirsRow.NeedsAttentionReason);
            Assert.Null(theirsRow.NextResolveAt);
        }

        var reveal = await Assert.ThrowsAsync<InvalidOperationException>(() => _portal.Vcn(Issuer).RevealAsync(mine.CardPurchaseId, "Supplier lost it"));
        Assert.DoesNotContain(theirsIssued.Card.CardNumber, reveal.Message, StringComparison.Ordinal);

        var detail = Assert.IsType<CardLookup.Found>(await _portal.Service<CardQueries>(Issuer).GetAsync(mine.CardPurchaseId));
        Assert.IsType<ClaraCardRead.MissingAtClara>(await _portal.Service<CardQueries>(Issuer).ReadFromClaraAsync(detail.Detail.Card));
    }

    /// <summary>The portal's one client, pointed at the sandbox of the moment (a restart gets a new port).</summary>
    private sealed class SwitchableClaraClient(ClaraClient first) : IClaraClient, IDisposable
    {
        private ClaraClient _inner = first;

        public void Use(ClaraClient next)
        {
            _inner.Dispose();
            _inner = next;
        }

        public void Dispose() => _inner.Dispose();

        public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => _inner.GetCatalogAsync(detail, ct);

        public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) => _inner.SubmitAsync(request, idempotencyKey, ct);

        public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) => _inner.UpdateAsync(purchaseId, request, idempotencyKey, ct);

        public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) => _inner.CancelAsync(purchaseIds, reason, idempotencyKey, ct);

        public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) => _inner.StartReportAsync(request, idempotencyKey, ct);

        public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) => _inner.GetReportPageAsync(reportId, fromRow, toRow, ct);

        public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default) => _inner.GetPurchaseAsync(purchaseId, reveal, ct);
    }
}
