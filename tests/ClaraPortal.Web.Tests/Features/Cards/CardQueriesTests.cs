using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using static ClaraPortal.Web.Tests.Features.Cards.CardSeed;

namespace ClaraPortal.Web.Tests.Features.Cards;

public sealed class CardQueriesTests : IAsyncLifetime
{
    private const string Issuer = "dev-issuer";
    private const string Admin = "dev-admin";
    private const string Other = "dev-issuer2";

    private TempPortalDatabase _database = null!;
    private readonly ScriptedClaraReads _clara = new();

    public async Task InitializeAsync()
    {
        _database = await TempPortalDatabase.CreateAsync();
        await AddCatalogAsync(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private CardQueries QueriesFor(string role) =>
        new(_database, PortalServices.CurrentUser(TestUsers.InRole(role)), _clara, NullLogger<CardQueries>.Instance, TimeProvider.System, TimeZoneInfo.Utc);

    [Fact]
    public async Task An_issuer_sees_only_their_own_cards_even_when_asking_for_everyone()
    {
        await AddAsync(_database, Card(Issuer, 10m, last4: "1111"), Card(Other, 20m, last4: "2222"), Card(Admin, 30m, last4: "3333"));

        var page = await QueriesFor(PortalRoles.Issuer).ListAsync(new CardListQuery { MineOnly = false, IssuedBy = Other });

        Assert.Equal("1111", Assert.Single(page.Items).Last4);
        Assert.Equal(1, page.TotalCount);
    }

    [Fact]
    public async Task An_admin_sees_own_cards_by_default_and_everyone_with_mine_only_off()
    {
        await AddAsync(_database, Card(Issuer, 10m, last4: "1111"), Card(Other, 20m, last4: "2222"), Card(Admin, 30m, last4: "3333"));
        var queries = QueriesFor(PortalRoles.Admin);

        var mine = await queries.ListAsync(new CardListQuery());
        var all = await queries.ListAsync(new CardListQuery { MineOnly = false });
        var others = await queries.ListAsync(new CardListQuery { MineOnly = false, IssuedBy = Other });

        Assert.Equal(["3333"], mine.Items.Select(c => c.Last4));
        Assert.Equal(3, all.TotalCount);
        Assert.Equal(["2222"], others.Items.Select(c => c.Last4));
        Assert.Equal(["Adrian Admin", "Isabel Issuer", "Other dev-issuer2"], (await queries.GetIssuersAsync()).Select(i => i.Name));
    }

    [Fact]
    public async Task Rows_carry_the_brand_and_older_rows_without_one_show_just_the_last_four()
    {
        await AddAsync(_database,
            Card(Issuer, 10m, createdAt: Noon.AddMinutes(1), last4: "4242", brand: "Visa"),
            Card(Issuer, 20m, createdAt: Noon, last4: "5555"));

        var page = await QueriesFor(PortalRoles.Issuer).ListAsync(new CardListQuery());

        Assert.Equal([("4242", "Visa"), ("5555", null)], page.Items.Select(c => (c.Last4, c.Brand)));
        Assert.Equal(["Visa •••• 4242", "•••• 5555"], page.Items.Select(c => CardDisplay.Named(c.Brand, c.Last4)));
    }

    [Fact]
    public async Task Roles_without_issuing_are_refused()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => QueriesFor(PortalRoles.Auditor).ListAsync(new CardListQuery()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => QueriesFor(PortalRoles.Approver).GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Pages_on_the_server_newest_first_with_a_total()
    {
        var cards = Enumerable.Range(1, 30).Select(i => Card(Issuer, i, createdAt: Noon.AddMinutes(i), last4: $"{1000 + i}")).ToArray();
        await AddAsync(_database, cards);
        var queries = QueriesFor(PortalRoles.Issuer);

        var first = await queries.ListAsync(new CardListQuery { Take = 10 });
        var last = await queries.ListAsync(new CardListQuery { Skip = 25, Take = 10 });

        Assert.Equal(30, first.TotalCount);
        Assert.Equal(Enumerable.Range(21, 10).Reverse().Select(i => $"{1000 + i}"), first.Items.Select(c => c.Last4));
        Assert.Equal(["1005", "1004", "1003", "1002", "1001"], last.Items.Select(c => c.Last4));
    }

    [Fact]
    public async Task Sorts_by_amount_with_exact_decimals()
    {
        // As text "100.1" < "20.00" < "100.01"... as numbers they are 20.00 < 100.01 < 100.10 < 1000.00.
        await AddAsync(_database,
            Card(Issuer, 100.10m, last4: "0002"),
            Card(Issuer, 1000m, last4: "0003"),
            Card(Issuer, 20.00m, last4: "0000"),
            Card(Issuer, 100.01m, last4: "0001"));
        var queries = QueriesFor(PortalRoles.Issuer);

        var ascending = await queries.ListAsync(new CardListQuery { SortBy = CardSort.Amount, Descending = false });
        var descending = await queries.ListAsync(new CardListQuery { SortBy = CardSort.Amount, Descending = true });

        Assert.Equal([20.00m, 100.01m, 100.10m, 1000m], ascending.Items.Select(c => c.Amount));
        Assert.Equal(["0000", "0001", "0002", "0003"], ascending.Items.Select(c => c.Last4));
        Assert.Equal(["0003", "0002", "0001", "0000"], descending.Items.Select(c => c.Last4));
        Assert.Equal(100.01m, ascending.Items[1].Amount);
    }

    [Fact]
    public async Task Sorts_by_supplier_name_status_and_valid_to()
    {
        await AddAsync(_database,
            Card(Issuer, 1m, supplierId: 2, last4: "2222", validTo: new DateOnly(2026, 12, 1)),
            Card(Issuer, 1m, supplierId: 3, last4: "3333", status: CardPurchaseStatus.Cancelled, validTo: new DateOnly(2027, 1, 1)),
            Card(Issuer, 1m, supplierId: 1, last4: "1111", validTo: new DateOnly(2026, 11, 30)));
        var queries = QueriesFor(PortalRoles.Issuer);

        var bySupplier = await queries.ListAsync(new CardListQuery { SortBy = CardSort.Supplier, Descending = false });
        var byValidTo = await queries.ListAsync(new CardListQuery { SortBy = CardSort.ValidTo, Descending = true });
        var byStatus = await queries.ListAsync(new CardListQuery { SortBy = CardSort.Status, Descending = false });

        Assert.Equal(["Aerolínea Azul", "Café Central", "Hotel Núñez"], bySupplier.Items.Select(c => c.SupplierName));
        Assert.Equal(["3333", "2222", "1111"], byValidTo.Items.Select(c => c.Last4));
        Assert.Equal(CardPurchaseStatus.Active, byStatus.Items[0].Status);
        Assert.Equal(CardPurchaseStatus.Cancelled, byStatus.Items[2].Status);
    }

    [Fact]
    public async Task Filters_by_status_supplier_and_template()
    {
        await AddAsync(_database,
            Card(Issuer, 1m, supplierId: 1, templateId: 10, last4: "1111"),
            Card(Issuer, 1m, supplierId: 2, templateId: 11, last4: "2222"),
            Card(Issuer, 1m, supplierId: 2, templateId: 10, status: CardPurchaseStatus.Cancelled, last4: "3333"));
        var queries = QueriesFor(PortalRoles.Issuer);

        Assert.Equal(["3333"], (await queries.ListAsync(new CardListQuery { Status = CardPurchaseStatus.Cancelled })).Items.Select(c => c.Last4));
        Assert.Equal(["2222", "3333"], (await queries.ListAsync(new CardListQuery { SupplierId = 2 })).Items.Select(c => c.Last4).Order());
        Assert.Equal(["2222"], (await queries.ListAsync(new CardListQuery { TemplateId = 11 })).Items.Select(c => c.Last4));
        var row = Assert.Single((await queries.ListAsync(new CardListQuery { TemplateId = 11 })).Items);
        Assert.Equal(("Hotel Núñez", "Clara Hotels"), (row.SupplierName, row.TemplateName));
    }

    [Fact]
    public async Task Filters_by_created_days_inclusive_and_by_amount_range()
    {
        await AddAsync(_database,
            Card(Issuer, 99.99m, createdAt: new DateTimeOffset(2026, 11, 19, 23, 59, 59, TimeSpan.Zero), last4: "1919"),
            Card(Issuer, 100.00m, createdAt: new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), last4: "2000"),
            Card(Issuer, 500.00m, createdAt: new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.Zero), last4: "2121"),
            Card(Issuer, 500.01m, createdAt: new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), last4: "2222"));
        var queries = QueriesFor(PortalRoles.Issuer);

        var byDays = await queries.ListAsync(new CardListQuery { CreatedFrom = new DateOnly(2026, 11, 20), CreatedTo = new DateOnly(2026, 11, 21) });
        var byAmount = await queries.ListAsync(new CardListQuery { MinAmount = 100m, MaxAmount = 500m });

        Assert.Equal(["2121", "2000"], byDays.Items.Select(c => c.Last4));
        Assert.Equal(["2121", "2000"], byAmount.Items.Select(c => c.Last4));
    }

    [Fact]
    public async Task Detail_has_catalog_names_custom_fields_and_the_cards_events_only()
    {
        var card = Card(Issuer, 1500.50m, supplierId: 2, templateId: 11, last4: "4242");
        card.CustomFieldsJson = """[{"name":"Guest","value":"Ana Pérez"}]""";
        var other = Card(Issuer, 1m);
        await AddAsync(_database, card, other);
        await AddEventAsync(_database, card, "card.issued", "Isabel Issuer", Noon, """{"status":"Requested","amount":1500.5}""", """{"status":"Active","amount":1500.5}""");
        await AddEventAsync(_database, other, "card.cancelled", "Isabel Issuer", Noon, null, null);
        await AddEventAsync(_database, card, "card.updated", "Isabel Issuer", Noon.AddHours(1), """{"status":"Active","amount":1500.5}""", """{"status":"Active","amount":2000}""");

        var found = Assert.IsType<CardLookup.Found>(await QueriesFor(PortalRoles.Issuer).GetAsync(card.Id));

        var detail = found.Detail;
        Assert.Equal(("Hotel Núñez", "Clara Hotels", "Clara Card Black"), (detail.SupplierName, detail.TemplateName, detail.FundingCardAlias));
        Assert.Equal(new CardCustomFieldValue("Guest", "Ana Pérez"), Assert.Single(detail.CustomFields));
        Assert.Equal(["card.issued", "card.updated"], detail.Events.Select(e => e.Action));
        Assert.Equal(new CardEventChange("status", "Requested", "Active"), Assert.Single(detail.Events[0].Changes));
        Assert.Equal(new CardEventChange("amount", "1500.5", "2000"), Assert.Single(detail.Events[1].Changes));
        Assert.True(detail.IsOwnCard);
    }

    [Fact]
    public async Task Another_issuers_card_is_not_found_for_an_issuer_but_open_to_an_admin()
    {
        var card = Card(Other, 10m);
        await AddAsync(_database, card);

        Assert.IsType<CardLookup.NotFound>(await QueriesFor(PortalRoles.Issuer).GetAsync(card.Id));
        Assert.IsType<CardLookup.NotFound>(await QueriesFor(PortalRoles.Issuer).GetAsync(Guid.NewGuid()));
        var found = Assert.IsType<CardLookup.Found>(await QueriesFor(PortalRoles.Admin).GetAsync(card.Id));
        Assert.False(found.Detail.IsOwnCard);
    }

    [Fact]
    public async Task Clara_is_read_only_for_the_cards_issuer_or_an_admin()
    {
        var card = Card(Other, 10m);

        await Assert.ThrowsAsync<AccessDeniedException>(() => QueriesFor(PortalRoles.Issuer).ReadFromClaraAsync(card));
        Assert.Equal(0, _clara.Reads);
        Assert.IsType<ClaraCardRead.MissingAtClara>(await QueriesFor(PortalRoles.Admin).ReadFromClaraAsync(card));
    }

    [Fact]
    public async Task Clara_down_is_an_answer_not_an_exception()
    {
        var card = Card(Issuer, 10m);
        _clara.Failure = new HttpRequestException("connection refused");

        var read = await QueriesFor(PortalRoles.Issuer).ReadFromClaraAsync(card);

        Assert.IsType<ClaraCardRead.Unreachable>(read);
        _clara.Failure = null;
        Assert.IsType<ClaraCardRead.MissingAtClara>(await QueriesFor(PortalRoles.Issuer).ReadFromClaraAsync(card));
        Assert.IsType<ClaraCardRead.NotIssued>(await QueriesFor(PortalRoles.Issuer).ReadFromClaraAsync(Card(Issuer, 1m, status: CardPurchaseStatus.OutcomeUnknown)));
        Assert.Equal(2, _clara.Reads);
    }

    [Fact]
    public void Event_diff_reads_cancel_approval_and_reveal_shapes()
    {
        var cancel = CardEventDiff.Changes("""{"status":"Active","cancelReason":null}""", """{"snapshot":{"status":"Cancelled","cancelReason":"Done"},"alreadyCancelledAtClara":false}""");
        var approval = CardEventDiff.Changes("""{"amount":100,"validTo":"2026-12-01"}""", """{"approvalRequestId":"x","update":{"amount":900,"supplierId":null,"validTo":null}}""");
        var reveal = CardEventDiff.Changes(null, """{"reason":"Supplier asked","last4":"4242"}""");

        Assert.Equal([new CardEventChange("status", "Active", "Cancelled"), new CardEventChange("cancelReason", null, "Done")], cancel);
        Assert.Equal([new CardEventChange("amount", "100", "900")], approval);
        Assert.Equal([new CardEventChange("reason", null, "Supplier asked")], reveal);
        Assert.Empty(CardEventDiff.Changes("not json", "{}"));
        Assert.Empty(CardEventDiff.Changes("""{"spent":0,"updatedAt":"a"}""", """{"spent":0.00,"updatedAt":"b"}"""));
    }

    [Fact]
    public void Update_rules_the_dialog_and_the_service_share_check_the_template()
    {
        var card = Card(Issuer, 1000m, spent: 400m);
        var template = new CardTemplate { ClaraId = 10, Name = "Hotels" };
        template.WriteDefinition(new CardTemplateDefinition([new TemplatePurchaseType("3501", "Hotels")], [], [], ["MXN"], 5000m, 30, "MULTI_USE"));
        var today = new DateOnly(2026, 11, 24);
        var rules = new IssueCardRules(Localizer());
        IEnumerable<string> Fields(CardUpdate update, Supplier? supplier = null) => rules.ValidateUpdate(card, update, template, supplier, today).Select(e => e.Field).Distinct();

        Assert.Empty(Fields(new CardUpdate(4000m, null, today.AddDays(30))));
        Assert.Equal(["Amount"], Fields(new CardUpdate(5000.01m, null, null)));
        Assert.Equal(["Amount"], Fields(new CardUpdate(399.99m, null, null)));
        Assert.Equal(["Amount"], Fields(new CardUpdate(10.001m, null, null)));
        Assert.Equal(["ValidTo"], Fields(new CardUpdate(null, null, today.AddDays(31))));
        Assert.Equal(["ValidTo"], Fields(new CardUpdate(null, null, today.AddDays(-1))));
        var airline = new Supplier { ClaraId = 1, Name = "Aerolínea Azul", Mcc = "4511" };
        Assert.Equal(["Supplier"], Fields(new CardUpdate(null, 1, null), airline));
        Assert.Equal(["Supplier"], Fields(new CardUpdate(null, 2, null)));
    }

    private static IStringLocalizer<SharedResource> Localizer() =>
        new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
}
