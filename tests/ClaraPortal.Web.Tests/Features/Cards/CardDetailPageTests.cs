using Bunit;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClaraPortal.Web.Tests.Features.Cards.CardSeed;

namespace ClaraPortal.Web.Tests.Features.Cards;

/// <summary>The detail page over a real SQLite file, with Clara's read scripted (answering, or down).</summary>
public sealed class CardDetailPageTests : PortalBunitContext
{
    private readonly ScriptedClaraReads _clara;
    private readonly Scope _scope;

    public CardDetailPageTests()
        : this(new Scope())
    {
    }

    private CardDetailPageTests(Scope scope)
        : base(services =>
        {
            // Registered before bUnit builds its provider; the database itself is created in InitializeAsync.
            services.AddLogging();
            services.AddSingleton<IDbContextFactory<PortalDbContext>>(_ => scope.Database);
            services.AddSingleton<IClaraClient>(scope.Clara);
            services.AddCatalog(warmUp: false);
            services.AddTestAuditChainKey();
            services.AddIssuance();
            services.AddCards();
        })
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        _scope = scope;
        _clara = scope.Clara;
    }

    private TempPortalDatabase _database => _scope.Database;

    public override async Task InitializeAsync()
    {
        _scope.Database = await TempPortalDatabase.CreateAsync();
        await AddCatalogAsync(_database);
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    private sealed class Scope
    {
        public ScriptedClaraReads Clara { get; } = new();

        public TempPortalDatabase Database { get; set; } = null!;
    }

    [Fact]
    public async Task A_requested_card_offers_check_again_and_a_card_that_needs_attention_says_so_instead()
    {
        var requested = Card("dev-issuer", 100m, CardPurchaseStatus.Requested);
        var flagged = Card("dev-issuer", 200m, CardPurchaseStatus.OutcomeUnknown);
        flagged.FlagNeedsAttention(ClaraPortal.Web.Features.Issuance.AttentionReasons.SubmitKeyExpired, Noon);
        await AddAsync(_database, requested);
        await AddAsync(_database, flagged);

        var waiting = Render<CardDetailPage>(p => p.Add(x => x.Id, requested.Id));
        waiting.WaitForAssertion(() => Assert.NotNull(waiting.Find("[data-testid=check-again]")));
        Assert.Contains("has not answered yet", waiting.Find("[data-testid=outcome-unknown]").TextContent, StringComparison.Ordinal);
        Assert.Empty(waiting.FindAll("[data-testid=needs-attention]"));

        var stuck = Render<CardDetailPage>(p => p.Add(x => x.Id, flagged.Id));
        stuck.WaitForAssertion(() => Assert.NotNull(stuck.Find("[data-testid=needs-attention]")));
        Assert.NotNull(stuck.Find("[data-testid=card-needs-attention]"));
        // A replay could now create a second card: the page offers none.
        Assert.Empty(stuck.FindAll("[data-testid=check-again]"));
    }

    [Fact]
    public async Task Shows_last_four_limit_bar_transactions_and_events()
    {
        var card = Card("dev-issuer", 1000m, supplierId: 2, templateId: 11, last4: "4242", spent: 250m, brand: "Visa");
        await AddAsync(_database, card);
        await AddEventAsync(_database, card, "card.issued", "Isabel Issuer", Noon, """{"status":"Requested"}""", """{"status":"Active"}""");
        await AddEventAsync(_database, card, "card.updated", "Isabel Issuer", Noon.AddHours(2), """{"status":"Active","amount":800}""", """{"status":"Active","amount":1000}""");
        _clara.Purchases[card.ClaraPurchaseId!.Value] = Details(card, spent: 300m,
            new CardTransaction(card.ClaraPurchaseId.Value, 88001000000001, Noon.AddHours(3), "CHARGE", 300m, "MXN", "Hotel Núñez", "3501", 100));

        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=card-transactions]")));
        Assert.Equal("•••• 4242", page.Find("[data-testid=card-last4]").TextContent.Trim());
        Assert.Equal("Visa", page.Find("[data-testid=card-brand]").TextContent.Trim());
        Assert.Contains("Visa •••• 4242", System.Text.RegularExpressions.Regex.Replace(page.Find("h1").TextContent, @"\s+", " "), StringComparison.Ordinal);
        Assert.Equal("Active", page.Find("[data-testid=card-status]").TextContent.Trim());
        // Clara's live numbers win over the stored ones: 300 of 1,000 spent.
        Assert.Equal("1,000.00 MXN", page.Find("[data-testid=card-limit]").TextContent.Trim());
        Assert.Equal("300.00 MXN", page.Find("[data-testid=card-spent]").TextContent.Trim());
        Assert.Equal("700.00 MXN", page.Find("[data-testid=card-available]").TextContent.Trim());
        Assert.Equal("30", page.Find("[data-testid=card-limit-bar] [role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Contains("Hotel Núñez", page.Find("[data-testid=card-transactions]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Charge", page.Find("[data-testid=card-transactions]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Issued", "Updated"], page.FindAll("[data-testid=card-event-action]").Select(e => e.TextContent.Trim()));
        Assert.Contains("Limit: 800.00 → 1,000.00", page.Find("[data-testid=card-events]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Isabel Issuer", page.Find("[data-testid=card-events]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=clara-unreachable]"));
        Assert.False(page.Find("[data-testid=cancel-card]").HasAttribute("disabled"));
        Assert.NotNull(page.Find("[data-testid=reveal-card]"));
    }

    [Fact]
    public async Task When_Clara_is_unreachable_the_rest_of_the_page_still_shows()
    {
        var card = Card("dev-issuer", 500m, last4: "1234", spent: 100m);
        await AddAsync(_database, card);
        await AddEventAsync(_database, card, "card.issued", "Isabel Issuer", Noon, null, """{"status":"Active"}""");
        _clara.Failure = new HttpRequestException("Connection refused");

        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));

        page.WaitForAssertion(() => Assert.Contains("Clara is unreachable", page.Find("[data-testid=clara-unreachable]").TextContent, StringComparison.Ordinal));
        Assert.Equal("•••• 1234", page.Find("[data-testid=card-last4]").TextContent.Trim());
        // Recorded before the brand was kept: just the last four.
        Assert.Empty(page.FindAll("[data-testid=card-brand]"));
        Assert.Equal("100.00 MXN", page.Find("[data-testid=card-spent]").TextContent.Trim());
        Assert.Equal("20", page.Find("[data-testid=card-limit-bar] [role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Equal(["Issued"], page.FindAll("[data-testid=card-event-action]").Select(e => e.TextContent.Trim()));
        Assert.Contains("Aerolínea Azul", page.Find("[data-testid=card-facts]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=card-transactions]"));
    }

    [Fact]
    public async Task A_card_without_transactions_says_so()
    {
        var card = Card("dev-issuer", 500m, last4: "5555");
        await AddAsync(_database, card);
        _clara.Purchases[card.ClaraPurchaseId!.Value] = Details(card, spent: 0m);

        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));

        page.WaitForAssertion(() => Assert.Contains("No transactions yet", page.Find("[data-testid=card-transactions-empty]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_elses_card_or_an_unknown_id_is_not_found()
    {
        var card = Card("dev-issuer2", 500m);
        await AddAsync(_database, card);

        var theirs = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));
        var unknown = Render<CardDetailPage>(p => p.Add(x => x.Id, Guid.NewGuid()));

        theirs.WaitForAssertion(() => Assert.NotNull(theirs.Find("[data-testid=card-not-found]")));
        unknown.WaitForAssertion(() => Assert.NotNull(unknown.Find("[data-testid=card-not-found]")));
        Assert.Empty(theirs.FindAll("[data-testid=card-last4]"));
        Assert.Equal(0, _clara.Reads);
    }

    [Fact]
    public async Task A_cancelled_card_has_its_actions_disabled_and_an_unknown_outcome_offers_check_again()
    {
        var cancelled = Card("dev-issuer", 500m, status: CardPurchaseStatus.Cancelled);
        var unknown = Card("dev-issuer", 500m, status: CardPurchaseStatus.OutcomeUnknown);
        await AddAsync(_database, cancelled, unknown);
        _clara.Purchases[cancelled.ClaraPurchaseId!.Value] = Details(cancelled, spent: 0m);

        var cancelledPage = Render<CardDetailPage>(p => p.Add(x => x.Id, cancelled.Id));
        var unknownPage = Render<CardDetailPage>(p => p.Add(x => x.Id, unknown.Id));

        cancelledPage.WaitForAssertion(() => Assert.Equal("Cancelled", cancelledPage.Find("[data-testid=card-status]").TextContent.Trim()));
        Assert.True(cancelledPage.Find("[data-testid=cancel-card]").HasAttribute("disabled"));
        Assert.True(cancelledPage.Find("[data-testid=update-card]").HasAttribute("disabled"));
        unknownPage.WaitForAssertion(() => Assert.NotNull(unknownPage.Find("[data-testid=check-again]")));
        Assert.Equal("Outcome unknown", unknownPage.Find("[data-testid=card-status]").TextContent.Trim());
    }

    private static PurchaseDetails Details(CardPurchase card, decimal spent, params CardTransaction[] transactions) => new(
        card.ClaraPurchaseId!.Value, "ACTIVE", card.FundingCardId, card.TemplateId, card.SupplierId, card.Amount, card.Currency, spent, card.Amount - spent,
        card.ValidFrom, card.ValidTo, card.Reference, card.Last4, card.CreatedAt, null, null, transactions, null, null);
}
