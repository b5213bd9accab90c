using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using static ClaraPortal.Web.Tests.Features.Cards.CardSeed;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>
/// History's queries on a real SQLite file: every sort walked page by page forwards and back must give exactly the order
/// the database gives in one go (ties, NULLs and statuses included), and every filter must keep what it says.
/// </summary>
public sealed class HistoryQueriesTests : IAsyncLifetime
{
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private HistoryQueries Queries(string role = PortalRoles.Auditor) =>
        new(_database, PortalServices.CurrentUser(TestUsers.InRole(role)), TimeZoneInfo.Utc);

    public static TheoryData<CardHistorySort, bool> EverySort()
    {
        var data = new TheoryData<CardHistorySort, bool>();
        foreach (var sort in Enum.GetValues<CardHistorySort>())
        {
            data.Add(sort, true);
            data.Add(sort, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EverySort))]
    public async Task Walking_the_pages_forwards_and_back_visits_every_card_once_in_the_sort_order(CardHistorySort sort, bool descending)
    {
        var cards = await SeedVariedCardsAsync(47);
        var queries = Queries();

        var forwards = new List<CardHistoryRow>();
        var pages = new List<HistoryPage<CardHistoryRow>>();
        HistoryCursor? cursor = null;
        do
        {
            var page = await queries.CardsAsync(new CardHistoryFilter(), new HistoryPageRequest<CardHistorySort>(sort, descending, cursor, Take: 5));
            Assert.InRange(page.Items.Count, 1, 5);
            Assert.Equal(cursor is not null, page.Previous is not null);
            pages.Add(page);
            forwards.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);

        var expected = ExpectedOrder(cards, sort, descending);
        Assert.Equal(expected, forwards.Select(r => r.Id));

        // Back from the last page to the first, page by page, lands on the same pages.
        var backwards = new List<Guid>();
        var at = pages[^1];
        for (var i = pages.Count - 2; i >= 0; i--)
        {
            at = await queries.CardsAsync(new CardHistoryFilter(), new HistoryPageRequest<CardHistorySort>(sort, descending, at.Previous, Take: 5));
            Assert.Equal(pages[i].Items.Select(r => r.Id), at.Items.Select(r => r.Id));
            backwards.InsertRange(0, at.Items.Select(r => r.Id));
        }

        Assert.Null(at.Previous);
        Assert.Equal(expected.Take(backwards.Count), backwards);
    }

    [Fact]
    public async Task Each_filter_keeps_only_what_it_says()
    {
        var cards = await SeedVariedCardsAsync(40);
        var queries = Queries();

        async Task<HashSet<Guid>> Matching(CardHistoryFilter filter)
        {
            var page = await queries.CardsAsync(filter, new HistoryPageRequest<CardHistorySort>(CardHistorySort.Created, Take: 200));
            var count = await queries.CountCardsAsync(filter);
            Assert.Equal(page.Items.Count, count.Count);
            Assert.False(count.IsLowerBound);
            return [.. page.Items.Select(r => r.Id)];
        }

        Assert.Equal([.. cards.Where(c => c.Status == CardPurchaseStatus.Cancelled).Select(c => c.Id)], await Matching(new() { Status = CardPurchaseStatus.Cancelled }));
        Assert.Equal([.. cards.Where(c => c.SupplierId == 2).Select(c => c.Id)], await Matching(new() { SupplierId = 2 }));
        Assert.Equal([.. cards.Where(c => c.TemplateId == 11).Select(c => c.Id)], await Matching(new() { TemplateId = 11 }));
        Assert.Equal([.. cards.Where(c => c.FundingCardId == 101).Select(c => c.Id)], await Matching(new() { FundingCardId = 101 }));
        Assert.Equal([.. cards.Where(c => c.IssuedBy == "dev-admin").Select(c => c.Id)], await Matching(new() { IssuedBy = "dev-admin" }));
        Assert.Equal([.. cards.Where(c => c.Currency == "USD").Select(c => c.Id)], await Matching(new() { Currency = "usd" }));
        Assert.Equal([.. cards.Where(c => c.Amount >= 100m && c.Amount <= 250.5m).Select(c => c.Id)], await Matching(new() { MinAmount = 100m, MaxAmount = 250.5m }));
        var day = Noon.AddDays(3);
        Assert.Equal(
            [.. cards.Where(c => c.CreatedAt >= day.Date && c.CreatedAt < day.Date.AddDays(2)).Select(c => c.Id)],
            await Matching(new() { From = DateOnly.FromDateTime(day.Date), To = DateOnly.FromDateTime(day.Date.AddDays(1)) }));
        // "Starts with", whatever the case; not "contains".
        Assert.Equal([.. cards.Where(c => c.Reference!.StartsWith("INV-7", StringComparison.Ordinal)).Select(c => c.Id)], await Matching(new() { Reference = " inv-7" }));
        Assert.Empty(await Matching(new() { Reference = "NV-7" }));
        Assert.Equal(
            [.. cards.Where(c => c.SupplierId == 1 && c.Status == CardPurchaseStatus.Active && c.Currency == "MXN").Select(c => c.Id)],
            await Matching(new() { SupplierId = 1, Status = CardPurchaseStatus.Active, Currency = "MXN" }));
    }

    [Fact]
    public async Task A_count_stops_at_its_bound_and_says_so()
    {
        await using (var db = _database.CreateDbContext())
        {
            for (var i = 0; i <= HistoryQueries.CountBound; i++)
            {
                db.CardPurchases.Add(Card("dev-issuer", 1m + i, createdAt: Noon.AddSeconds(i)));
            }

            await db.SaveChangesAsync();
        }

        var all = await Queries().CountCardsAsync(new CardHistoryFilter());
        var few = await Queries().CountCardsAsync(new CardHistoryFilter { MaxAmount = 10m });

        Assert.Equal(new HistoryCount(HistoryQueries.CountBound, IsLowerBound: true), all);
        Assert.Equal(new HistoryCount(10, IsLowerBound: false), few);
    }

    [Fact]
    public async Task Streaming_reads_every_matching_card_in_order_across_batches()
    {
        var cards = await SeedVariedCardsAsync(HistoryQueries.ExportBatchSize + 30);

        var streamed = new List<Guid>();
        await foreach (var row in Queries().StreamCardsAsync(new CardHistoryFilter(), CardHistorySort.Amount, descending: false))
        {
            streamed.Add(row.Id);
        }

        Assert.Equal(ExpectedOrder(cards, CardHistorySort.Amount, descending: false), streamed);
    }

    [Fact]
    public async Task Events_are_paged_by_time_and_filtered_by_user_and_action()
    {
        var trail = TestAuditChain.Trail(TimeProvider.System);
        var actors = new[] { new AuditActor("dev-admin", "Adrian Admin"), new AuditActor("dev-auditor", "Aurora Auditor") };
        await using (var db = _database.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < 23; i++)
            {
                var audit = await trail.AppendAsync(db, actors[i % 2], new AuditEntry(i % 3 == 0 ? "card.issued" : "card.revealed", "CardPurchase", $"c{i}"), null);
                audit.OccurredAt = Noon.AddMinutes(i / 2); // ties on time, broken by id
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var queries = Queries();
        var ids = new List<long>();
        HistoryCursor? cursor = null;
        do
        {
            var page = await queries.EventsAsync(new EventHistoryFilter(), new HistoryPageRequest<EventHistorySort>(EventHistorySort.Time, Descending: true, cursor, Take: 4));
            ids.AddRange(page.Items.Select(e => e.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(1, 23).Select(i => (long)i).OrderByDescending(i => (i - 1) / 2).ThenByDescending(i => i), ids);
        var admins = await queries.EventsAsync(new EventHistoryFilter { ActorId = "dev-admin", Action = "card.issued" }, new HistoryPageRequest<EventHistorySort>(EventHistorySort.Time, Take: 50));
        Assert.Equal([19, 13, 7, 1], admins.Items.Select(e => e.Id));
        Assert.Equal(new HistoryCount(4, false), await queries.CountEventsAsync(new EventHistoryFilter { ActorId = "dev-admin", Action = "card.issued" }));
        Assert.Equal(["card.issued", "card.revealed"], await queries.ActionsAsync());
        Assert.Equal(["Adrian Admin", "Aurora Auditor"], (await queries.ActorsAsync()).Select(a => a.Name));
    }

    [Fact]
    public async Task A_timeline_holds_the_cards_events_and_its_approval_requests_events()
    {
        var card = Card("dev-issuer", 50_000m);
        await AddAsync(_database, card);
        var requestId = Guid.NewGuid();
        var trail = TestAuditChain.Trail(TimeProvider.System);
        await using (var db = _database.CreateDbContext())
        {
            db.ApprovalRequests.Add(new ApprovalRequest
            {
                Id = requestId, Kind = ApprovalKinds.IssueCard, Summary = "s", Amount = 50_000m, Currency = "MXN", Status = ApprovalStatus.Approved,
                RequestedBy = "dev-issuer", RequestedByName = "Isabel Issuer", RequiredApprovals = 1, ApprovalsGiven = 1, IssuedCardPurchaseId = card.Id,
            });
            db.ApprovalDecisions.Add(new ApprovalDecision { ApprovalRequestId = requestId, ApproverSubject = "dev-approver", ApproverName = "Arturo Approver", Verdict = ApprovalVerdict.Approved });
            await using var transaction = await db.Database.BeginTransactionAsync();
            await trail.AppendAsync(db, new AuditActor("dev-issuer", "Isabel Issuer"), new AuditEntry(ApprovalAuditActions.Filed, ApprovalService.EntityType, requestId.ToString()), null);
            await trail.AppendAsync(db, new AuditActor("dev-approver", "Arturo Approver"), new AuditEntry(ApprovalAuditActions.Approved, ApprovalService.EntityType, requestId.ToString()), null);
            await trail.AppendAsync(db, new AuditActor("dev-issuer", "Isabel Issuer"), new AuditEntry("card.issued", "CardPurchase", card.Id.ToString()), null);
            await trail.AppendAsync(db, new AuditActor("dev-issuer", "Isabel Issuer"), new AuditEntry("card.issued", "CardPurchase", Guid.NewGuid().ToString()), null);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var timeline = await Queries(PortalRoles.Approver).TimelineAsync(card.Id);

        Assert.NotNull(timeline);
        Assert.Equal([ApprovalAuditActions.Filed, ApprovalAuditActions.Approved, "card.issued"], timeline.Events.Select(e => e.Action));
        var trailOfCard = Assert.IsType<ApprovalTrail>(timeline.Card.Approval);
        Assert.Equal((requestId, ApprovalStatus.Approved, 1, 1), (trailOfCard.RequestId, trailOfCard.Status, trailOfCard.ApprovalsGiven, trailOfCard.RequiredApprovals));
        Assert.Equal(["Arturo Approver"], trailOfCard.Approvers);
        Assert.Null(await Queries().TimelineAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task An_issuer_cannot_read_history()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => Queries(PortalRoles.Issuer).CountCardsAsync(new CardHistoryFilter()));
    }

    /// <summary>Cards with repeated times, names and amounts (ties), missing last four and Clara ids (NULLs), every status.</summary>
    private async Task<IReadOnlyList<CardPurchase>> SeedVariedCardsAsync(int count)
    {
        var statuses = Enum.GetValues<CardPurchaseStatus>();
        var cards = new List<CardPurchase>();
        for (var i = 0; i < count; i++)
        {
            var status = statuses[i % statuses.Length];
            var card = Card(
                i % 3 == 0 ? "dev-admin" : "dev-issuer",
                amount: 50m * (i % 7) + 0.5m * (i % 2),
                status: status,
                supplierId: 1 + (i % 3),
                templateId: 10 + (i % 2),
                createdAt: Noon.AddDays(i % 6).AddMinutes(i % 4),
                last4: i % 5 == 0 ? null : (1000 + (i % 9)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                currency: i % 4 == 0 ? "USD" : "MXN",
                reference: $"{(i % 2 == 0 ? "INV" : "PO")}-{i % 10}{i}");
            card.Last4 = i % 5 == 0 ? null : card.Last4;
            card.ClaraPurchaseId = i % 6 == 0 ? null : 1_000_000 + (i * 7919L % 100_003);
            card.FundingCardId = i % 2 == 0 ? 100 : 101;
            card.SupplierName = new[] { "Aerolínea Azul", "Hotel Núñez", "Café Central" }[i % 3];
            card.TemplateName = i % 2 == 0 ? "Compras Generales" : "Clara Hotels";
            card.FundingCardName = i % 2 == 0 ? "Clara Card Black" : "Clara Card Blue";
            cards.Add(card);
        }

        await AddAsync(_database, [.. cards]);
        return cards;
    }

    /// <summary>The order SQLite gives: text by its bytes (ordinal), NULL lowest, Guids as their upper-case text, then CreatedAt and Id.</summary>
    private static List<Guid> ExpectedOrder(IEnumerable<CardPurchase> cards, CardHistorySort sort, bool descending)
    {
        Func<CardPurchase, IComparable?> key = sort switch
        {
            CardHistorySort.Issuer => c => c.IssuedByName,
            CardHistorySort.Supplier => c => c.SupplierName,
            CardHistorySort.Template => c => c.TemplateName,
            CardHistorySort.FundingCard => c => c.FundingCardName,
            CardHistorySort.Amount => c => c.Amount,
            CardHistorySort.Status => c => c.Status.ToString(),
            CardHistorySort.ClaraId => c => c.ClaraPurchaseId ?? long.MinValue,
            CardHistorySort.Last4 => c => c.Last4 is null ? "\0" : "\u0001" + c.Last4,
            _ => c => 0,
        };
        var comparer = Comparer<IComparable?>.Create((a, b) => a is string x && b is string y ? string.CompareOrdinal(x, y) : Comparer<IComparable?>.Default.Compare(a, b));
        var ordered = descending
            ? cards.OrderByDescending(key, comparer).ThenByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id.ToString().ToUpperInvariant(), StringComparer.Ordinal)
            : cards.OrderBy(key, comparer).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id.ToString().ToUpperInvariant(), StringComparer.Ordinal);
        return [.. ordered.Select(c => c.Id)];
    }
}
