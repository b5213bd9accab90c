using System.Security.Claims;
using ClaraPortal.Sandbox;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static ClaraPortal.Web.Tests.Features.Issuance.IssuanceHarness;

namespace ClaraPortal.Web.Tests.Features.Companies;

/// <summary>
/// A card belongs to the company it was issued in: a user of another company cannot read, list, update, cancel, reveal or
/// resolve it by id; every service answers exactly as it does for an id that does not exist, and Clara is not touched.
/// Real sandbox over mutual TLS (each company its own catalog and purchases), real SQLite file, the portal's own
/// company-aware contexts and Clara client.
/// </summary>
public sealed class CompanyCardScopingTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    /// <summary>Clara Portal Servicios' own catalog, as the sandbox seeds it (the RCN id from parts: whole, it passes Luhn).</summary>
    public const long ServiciosTemplate = 50631000000201;
    public const long ServiciosMxnRcn = 38105000000000 + 201;
    public const long ServiciosSupplier = 47402000000001;

    private IssuanceHarness _harness = null!;
    private Guid _ownerCard;
    private Guid _serviciosCard;

    private static ClaimsPrincipal ServiciosIssuer => TestUsers.InCompany(Issuer, TestCompanies.Servicios);

    private static ClaimsPrincipal ServiciosAdmin => TestUsers.InCompany(Admin, TestCompanies.Servicios);

    public async Task InitializeAsync()
    {
        _harness = await CreateAsync(sandbox.Client);
        var synced = await _harness.Service<CatalogSync>(ServiciosAdmin).SyncNowAsync();
        Assert.True(synced.Succeeded, synced.Message);
        _ownerCard = Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn(Issuer).IssueAsync(EasyRequest(310m, reference: Reference("OWN")))).CardPurchaseId;
        _serviciosCard = Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn(ServiciosIssuer).IssueAsync(ServiciosRequest(320m, Reference("SRV")))).CardPurchaseId;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<string> Directions => ["owner card, Servicios user", "Servicios card, owner user"];

    [Theory]
    [MemberData(nameof(Directions))]
    public async Task A_card_of_another_company_is_not_found_by_id_in_every_service_exactly_like_a_random_id(string direction)
    {
        var (card, cardCompany, issuer, admin) = Pick(direction);
        var random = Guid.NewGuid();
        var atClaraBefore = await AtClaraAsync(card, cardCompany);
        var rowBefore = await RowAsync(card, cardCompany);
        var eventsBefore = await EventCountAsync(card, cardCompany);

        foreach (var user in new[] { issuer, admin })
        {
            // The same subject issued it (dev-issuer), and an Admin reaches every card of their company: only the company stands between.
            Assert.IsType<CardLookup.NotFound>(await _harness.Service<CardQueries>(user).GetAsync(card));
            Assert.IsType<CardLookup.NotFound>(await _harness.Service<CardQueries>(user).GetAsync(random));

            var update = new CardUpdate(999m, null, null);
            var updateRandom = await Assert.ThrowsAsync<KeyNotFoundException>(() => _harness.Vcn(user).UpdateAsync(random, update));
            var updateOther = await Assert.ThrowsAsync<KeyNotFoundException>(() => _harness.Vcn(user).UpdateAsync(card, update));
            Assert.Equal(updateRandom.Message.Replace(random.ToString(), "{id}", StringComparison.Ordinal), updateOther.Message.Replace(card.ToString(), "{id}", StringComparison.Ordinal));

            var revealRandom = await Assert.ThrowsAsync<KeyNotFoundException>(() => _harness.Vcn(user).RevealAsync(random, "check the number"));
            var revealOther = await Assert.ThrowsAsync<KeyNotFoundException>(() => _harness.Vcn(user).RevealAsync(card, "check the number"));
            Assert.Equal(revealRandom.Message.Replace(random.ToString(), "{id}", StringComparison.Ordinal), revealOther.Message.Replace(card.ToString(), "{id}", StringComparison.Ordinal));

            var checkRandom = await Assert.ThrowsAsync<KeyNotFoundException>(() => _harness.Resolver(user).CheckAgainAsync(random));
            var checkOther = await Assert.ThrowsAsync<KeyNotFoundException>(() => _harness.Resolver(user).CheckAgainAsync(card));
            Assert.Equal(checkRandom.Message.Replace(random.ToString(), "{id}", StringComparison.Ordinal), checkOther.Message.Replace(card.ToString(), "{id}", StringComparison.Ordinal));

            var cancelled = await _harness.Vcn(user).CancelAsync([card, random], "not ours");
            Assert.Equal(2, cancelled.Count);
            Assert.Equal((card, (string?)null, CardCancelStatus.NotFound), (cancelled[0].CardPurchaseId, cancelled[0].Last4, cancelled[0].Status));
            Assert.Equal((random, (string?)null, CardCancelStatus.NotFound), (cancelled[1].CardPurchaseId, cancelled[1].Last4, cancelled[1].Status));
            Assert.Equal(cancelled[1].Message, cancelled[0].Message);
        }

        // Nothing happened to it, here or at Clara.
        Assert.Equal(atClaraBefore, await AtClaraAsync(card, cardCompany));
        var rowAfter = await RowAsync(card, cardCompany);
        Assert.Equal((rowBefore.Status, rowBefore.Amount, rowBefore.ConcurrencyStamp, rowBefore.PendingWrite), (rowAfter.Status, rowAfter.Amount, rowAfter.ConcurrencyStamp, rowAfter.PendingWrite));
        Assert.Equal(CardPurchaseStatus.Active, rowAfter.Status);
        Assert.Equal(eventsBefore, await EventCountAsync(card, cardCompany));
        Assert.Equal(0, await EventCountAsync(card, Other(cardCompany)));
    }

    [Theory]
    [MemberData(nameof(Directions))]
    public async Task The_same_card_is_found_and_changed_in_its_own_company(string direction)
    {
        // The other side of the test above: it is the company, not a broken card, that hides it.
        var (card, cardCompany, _, _) = Pick(direction);
        var own = cardCompany.IsOwner ? Issuer : ServiciosIssuer;

        var found = Assert.IsType<CardLookup.Found>(await _harness.Service<CardQueries>(own).GetAsync(card));
        Assert.Equal(cardCompany.Key, found.Detail.Card.Company);
        Assert.NotNull(found.Detail.TemplateName);
        Assert.NotNull(found.Detail.FundingCardAlias);
        Assert.Equal(found.Detail.Card.Last4, (await _harness.Vcn(own).RevealAsync(card, "check the number")).Last4);
        Assert.IsType<CardUpdateResult.Updated>(await _harness.Vcn(own).UpdateAsync(card, new CardUpdate(777m, null, null)));
        Assert.Equal(777m, (await AtClaraAsync(card, cardCompany)).Amount);
    }

    [Fact]
    public async Task Lists_needs_attention_and_issuers_leave_out_the_other_companys_cards()
    {
        await using (var db = _harness.Database.CreateDbContext(CompanyKeys.Owner))
        {
            var row = await db.CardPurchases.SingleAsync(p => p.Id == _ownerCard);
            row.FlagNeedsAttention(AttentionReasons.SubmitKeyExpired, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await using (var db = _harness.Database.CreateDbContext(TestCompanies.Servicios.Key))
        {
            var row = await db.CardPurchases.SingleAsync(p => p.Id == _serviciosCard);
            row.FlagNeedsAttention(AttentionReasons.SubmitKeyExpired, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var everyone = new CardListQuery { MineOnly = false, Take = 200 };
        foreach (var (user, mine, theirs) in new[] { (Admin, _ownerCard, _serviciosCard), (ServiciosAdmin, _serviciosCard, _ownerCard), (Issuer, _ownerCard, _serviciosCard), (ServiciosIssuer, _serviciosCard, _ownerCard) })
        {
            var queries = _harness.Service<CardQueries>(user);
            var list = await queries.ListAsync(everyone);
            Assert.Equal([mine], list.Items.Select(i => i.Id));
            Assert.Equal(1, list.TotalCount);
            Assert.Equal([mine], (await queries.NeedsAttentionAsync(take: 200)).Select(i => i.Id));
            Assert.DoesNotContain(theirs, (await queries.ListAsync(everyone with { Status = CardPurchaseStatus.Active })).Items.Select(i => i.Id));
        }

        // An Admin's issuer filter lists who issued in this company only.
        await IssueAsOtherIssuerInServiciosAsync();
        Assert.Equal(["dev-issuer"], (await _harness.Service<CardQueries>(Admin).GetIssuersAsync()).Select(i => i.Subject));
        Assert.Equal(["dev-issuer", "dev-issuer-2"], (await _harness.Service<CardQueries>(ServiciosAdmin).GetIssuersAsync()).Select(i => i.Subject).Order(StringComparer.Ordinal));
        Assert.Empty((await _harness.Service<CardQueries>(Admin).ListAsync(everyone with { IssuedBy = "dev-issuer-2" })).Items);
    }

    [Fact]
    public async Task List_rows_name_the_template_and_supplier_from_their_own_companys_catalog()
    {
        var owner = Assert.Single((await _harness.Service<CardQueries>(Issuer).ListAsync(new CardListQuery())).Items);
        var servicios = Assert.Single((await _harness.Service<CardQueries>(ServiciosIssuer).ListAsync(new CardListQuery())).Items);

        Assert.Equal("Compras Generales", owner.TemplateName);
        Assert.Equal("Servicios Generales", servicios.TemplateName);
        Assert.NotNull(servicios.SupplierName);
    }

    [Fact]
    public async Task Clara_shows_nothing_of_a_card_handed_over_from_another_company()
    {
        // A caller that got hold of an owner row (not through GetAsync) asks Clara as Servicios: Clara does not know it there.
        CardPurchase ownerRow;
        await using (var db = _harness.Database.CreateDbContext(CompanyKeys.Owner))
        {
            ownerRow = await db.CardPurchases.AsNoTracking().SingleAsync(p => p.Id == _ownerCard);
        }

        var read = await _harness.Service<CardQueries>(ServiciosAdmin).ReadFromClaraAsync(ownerRow);

        Assert.IsNotType<ClaraCardRead.Loaded>(read);
        Assert.IsType<ClaraCardRead.Loaded>(await _harness.Service<CardQueries>(Admin).ReadFromClaraAsync(ownerRow));
    }

    [Fact]
    public async Task Each_company_reads_its_own_catalog_cache()
    {
        var servicios = _harness.Service<CatalogQueries>(ServiciosIssuer);
        var owner = _harness.Service<CatalogQueries>(Issuer);

        var serviciosCards = (await servicios.GetFundingCardsAsync()).Select(f => f.Alias).ToList();
        Assert.Contains("Servicios Card MXN", serviciosCards);
        Assert.Contains("Servicios Card USD", serviciosCards);
        Assert.DoesNotContain("Clara Card Black", serviciosCards);
        var ownerCards = (await owner.GetFundingCardsAsync()).Select(f => f.Alias).ToList();
        Assert.Contains("Clara Card Black", ownerCards);
        Assert.DoesNotContain("Servicios Card MXN", ownerCards);

        Assert.Equal(["Servicios Generales", "Servicios Viajes"], (await servicios.GetTemplatesAsync()).Select(t => t.Name));
        Assert.DoesNotContain((await owner.GetTemplatesAsync()).Select(t => t.Name), n => n.StartsWith("Servicios", StringComparison.Ordinal));
        var serviciosSuppliers = await servicios.SearchSuppliersAsync(new SupplierQuery(Take: 200));
        Assert.All(serviciosSuppliers.Items, s => Assert.Equal(TestCompanies.Servicios.Key, s.Company));
        Assert.All(serviciosSuppliers.Items, s => Assert.StartsWith("47402", s.ClaraId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(TestCompanies.Servicios.Key, (await servicios.GetSyncStatusAsync()).LastSucceeded!.Company);
        Assert.Equal(CompanyKeys.Owner, (await owner.GetSyncStatusAsync()).LastSucceeded!.Company);
    }

    [Fact]
    public async Task Issuing_in_one_company_with_the_other_companys_catalog_ids_is_refused_by_validation_and_nothing_reaches_clara()
    {
        var before = sandbox.Server.ListPurchases().Count;

        var ownerFunding = await _harness.Vcn(ServiciosIssuer).IssueAsync(ServiciosRequest(330m, Reference("X1")) with { FundingCardId = MxnRcn });
        var ownerTemplate = await _harness.Vcn(ServiciosIssuer).IssueAsync(ServiciosRequest(330m, Reference("X2")) with { TemplateId = EasyTemplate });
        var serviciosFunding = await _harness.Vcn(Issuer).IssueAsync(EasyRequest(330m, reference: Reference("X3")) with { FundingCardId = ServiciosMxnRcn });

        foreach (var (result, field) in new[] { (ownerFunding, IssueFields.FundingCard), (ownerTemplate, IssueFields.Template), (serviciosFunding, IssueFields.FundingCard) })
        {
            var rejected = Assert.IsType<IssueCardResult.Rejected>(result);
            Assert.Equal(RejectionCodes.Validation, rejected.Code);
            Assert.Null(rejected.CardPurchaseId);
            Assert.Contains(rejected.Errors, e => e.Field == field);
        }

        Assert.Equal(before, sandbox.Server.ListPurchases().Count);
    }

    [Fact]
    public async Task A_card_issued_in_servicios_exists_at_clara_for_servicios_only()
    {
        var row = await RowAsync(_serviciosCard, TestCompanies.Servicios);

        var atClara = Assert.Single(sandbox.Server.ListPurchases(SandboxServer.Companies[1].TaxIdentifier), p => p.PurchaseId == row.ClaraPurchaseId);
        Assert.Equal(row.Reference, atClara.Reference);
        Assert.DoesNotContain(sandbox.Server.ListPurchases(SandboxServer.Companies[0].TaxIdentifier), p => p.Reference == row.Reference);
        Assert.Equal((TestCompanies.Servicios.Key, ServiciosMxnRcn), (row.Company, row.FundingCardId));
    }

    private (Guid Card, PortalCompany CardCompany, ClaimsPrincipal Issuer, ClaimsPrincipal Admin) Pick(string direction) =>
        direction.StartsWith("owner", StringComparison.Ordinal)
            ? (_ownerCard, TestCompanies.Owner, ServiciosIssuer, ServiciosAdmin)
            : (_serviciosCard, TestCompanies.Servicios, Issuer, Admin);

    private static PortalCompany Other(PortalCompany company) => company.IsOwner ? TestCompanies.Servicios : TestCompanies.Owner;

    private async Task IssueAsOtherIssuerInServiciosAsync()
    {
        var other = TestUsers.InCompany(OtherIssuer, TestCompanies.Servicios);
        Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn(other).IssueAsync(ServiciosRequest(340m, Reference("OTH"))));
    }

    public static IssueCardRequest ServiciosRequest(decimal amount, string reference) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        TemplateId = ServiciosTemplate,
        FundingCardId = ServiciosMxnRcn,
        SupplierId = ServiciosSupplier,
        Amount = amount,
        Currency = "MXN",
        ValidFrom = Today,
        ValidTo = Today.AddDays(10),
        Reference = reference,
    };

    private static string Reference(string prefix) => $"{prefix}-{TestReferences.Unique()}"[..20];

    private async Task<CardPurchase> RowAsync(Guid id, PortalCompany company)
    {
        await using var db = _harness.Database.CreateDbContext(company.Key);
        return await db.CardPurchases.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<int> EventCountAsync(Guid id, PortalCompany company)
    {
        await using var db = _harness.Database.CreateDbContext(company.Key);
        var entityId = id.ToString();
        return await db.AuditEvents.CountAsync(e => e.EntityId == entityId);
    }

    private async Task<SandboxPurchaseView> AtClaraAsync(Guid id, PortalCompany company)
    {
        var row = await RowAsync(id, company);
        return Assert.Single(sandbox.Server.ListPurchases(), p => p.PurchaseId == row.ClaraPurchaseId && p.CompanyTaxId == company.TaxIdentifier);
    }
}
