using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using CardTemplate = ClaraPortal.Web.Data.Entities.CardTemplate;
using FundingCard = ClaraPortal.Web.Data.Entities.FundingCard;
using Supplier = ClaraPortal.Web.Data.Entities.Supplier;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>Each of Clara's submit and update rules, checked by the portal before sending (pure, no Clara).</summary>
public sealed class IssueCardRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private readonly IssueCardRules _rules = NewRules();

    public static IssueCardRules NewRules() =>
        new(new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>());

    public static CardTemplate Template(
        decimal? maxAmount = 50_000m, int validityDays = 30, string[]? currencies = null, string[]? mccs = null, TemplateCustomField[]? fields = null)
    {
        var template = new CardTemplate { ClaraId = 10, Name = "Hotels", Currency = (currencies ?? ["MXN"])[0], MaxAmount = maxAmount, ValidityDays = validityDays };
        template.WriteDefinition(new CardTemplateDefinition(
            [.. (mccs ?? []).Select(m => new TemplatePurchaseType(m, null))], [], fields ?? [], currencies ?? ["MXN", "USD"], maxAmount, validityDays, "SINGLE_USE"));
        return template;
    }

    public static FundingCard Rcn(string status = "ACTIVE", decimal credit = 100_000m, string currency = "MXN") =>
        new() { ClaraId = 1, Alias = "Black", Last4 = "4821", Currency = currency, AvailableCredit = credit, Status = status };

    public static Supplier Supplier(string mcc = "3501") => new() { ClaraId = 100, Name = "Hotel Núñez", Mcc = mcc, TaxId = "HNU010101AB1" };

    public static IssueCardRequest Request(decimal amount = 1000m, string currency = "MXN", int fromDays = 0, int toDays = 10, string? reference = "PO-1", params CustomFieldValue[] fields) => new()
    {
        IdempotencyKey = "k",
        TemplateId = 10,
        FundingCardId = 1,
        SupplierId = 100,
        Amount = amount,
        Currency = currency,
        ValidFrom = Today.AddDays(fromDays),
        ValidTo = Today.AddDays(toDays),
        Reference = reference,
        CustomFields = fields,
    };

    [Fact]
    public void A_card_number_in_free_text_is_recognised_but_order_numbers_and_last_fours_are_not()
    {
        var grouped = string.Join(' ', TestCardNumbers.Visa.Chunk(4).Select(c => new string(c)));
        var oneDigitOff = TestCardNumbers.Visa[..^1] + (char)('0' + ((TestCardNumbers.Visa[^1] - '0' + 1) % 10));

        Assert.True(CardNumberText.Contains($"Supplier asked again for {TestCardNumbers.Visa}."));
        Assert.True(CardNumberText.Contains(grouped));
        Assert.True(CardNumberText.Contains(grouped.Replace(' ', '-')));
        Assert.False(CardNumberText.Contains(oneDigitOff));
        Assert.False(CardNumberText.Contains("PO 4500012345 withdrawn on 2026-12-01, card ending 7899"));
        Assert.False(CardNumberText.Contains(null));
    }

    [Fact]
    public void A_request_within_every_rule_has_no_errors() =>
        Assert.Empty(_rules.Validate(Request(), new(Template(), Rcn(), Supplier()), Today));

    [Theory]
    [InlineData(0, "greater than zero")]
    [InlineData(-5, "greater than zero")]
    [InlineData(10.005, "two decimals")]
    [InlineData(50_000.01, "at most")]
    public void Amount_rules(decimal amount, string expected)
    {
        using var culture = new CultureScope("en-US");
        var error = Assert.Single(_rules.Validate(Request(amount), new(Template(), Rcn(), Supplier()), Today));
        Assert.Equal(IssueFields.Amount, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_amount_may_equal_the_maximum() =>
        Assert.Empty(_rules.Validate(Request(50_000m), new(Template(), Rcn(), Supplier()), Today));

    [Fact]
    public void Only_the_template_s_currencies_are_allowed()
    {
        var error = Assert.Single(_rules.Validate(Request(currency: "EUR"), new(Template(), Rcn(), Supplier()), Today));
        Assert.Equal(IssueFields.Currency, error.Field);
        Assert.Contains("MXN, USD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-2, 10, IssueFields.ValidFrom)]
    [InlineData(0, 31, IssueFields.ValidTo)]
    [InlineData(31, 31, IssueFields.ValidFrom)]
    [InlineData(5, 4, IssueFields.ValidTo)]
    public void Dates_stay_within_the_template_window_and_in_order(int fromDays, int toDays, string field)
    {
        var errors = _rules.Validate(Request(fromDays: fromDays, toDays: toDays), new(Template(validityDays: 30), Rcn(), Supplier()), Today);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Yesterday_is_accepted_like_clara_does_for_clients_west_of_utc() =>
        Assert.Empty(_rules.Validate(Request(fromDays: -1), new(Template(), Rcn(), Supplier()), Today));

    [Fact]
    public void The_supplier_s_category_must_be_one_the_template_allows()
    {
        var error = Assert.Single(_rules.Validate(Request(), new(Template(mccs: ["7011"]), Rcn(), Supplier("5812")), Today));
        Assert.Equal(IssueFields.Supplier, error.Field);
        Assert.Contains("5812", error.Message, StringComparison.Ordinal);
        Assert.Empty(_rules.Validate(Request(), new(Template(mccs: ["7011", "3501"]), Rcn(), Supplier("3501")), Today));
    }

    [Fact]
    public void The_funding_card_must_be_active_and_have_the_credit()
    {
        Assert.Equal(IssueFields.FundingCard, Assert.Single(_rules.Validate(Request(), new(Template(), Rcn("BLOCKED"), Supplier()), Today)).Field);
        Assert.Equal(IssueFields.Amount, Assert.Single(_rules.Validate(Request(1000m), new(Template(), Rcn(credit: 999.99m), Supplier()), Today)).Field);
        // In another currency only Clara knows the rate: the portal leaves it to Clara.
        Assert.Empty(_rules.Validate(Request(1000m, "USD"), new(Template(), Rcn(credit: 999.99m), Supplier()), Today));
    }

    [Fact]
    public void Missing_choices_are_reported_on_their_fields()
    {
        var errors = _rules.Validate(Request() with { TemplateId = 0, FundingCardId = 0, SupplierId = 0 }, new(null, null, null), Today);
        Assert.Equal([IssueFields.FundingCard, IssueFields.Supplier, IssueFields.Template], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_reference_has_clara_s_length_limit()
    {
        Assert.Equal(IssueFields.Reference, Assert.Single(_rules.Validate(Request(reference: new string('R', 51)), new(Template(), Rcn(), Supplier()), Today)).Field);
        Assert.Empty(_rules.Validate(Request(reference: new string('R', 50)), new(Template(), Rcn(), Supplier()), Today));
    }

    [Fact]
    public void Custom_fields_follow_their_definitions()
    {
        TemplateCustomField[] fields =
        [
            new("Purchase Type", 10, "Text", "Alphanumeric", true, []),
            new("Nights", null, "Text", "Numeric", true, []),
            new("Check-in", null, "Date", "Date", true, []),
            new("Room", null, "List", "Alphanumeric", true, ["Single", "Double"]),
            new("Notes", 5, "Text", "Alphanumeric", false, []),
        ];
        var template = Template(fields: fields);
        var catalog = new IssueCardCatalog(template, Rcn(), Supplier());

        var missing = _rules.Validate(Request(), catalog, Today);
        Assert.Equal(["CustomField:Check-in", "CustomField:Nights", "CustomField:Purchase Type", "CustomField:Room"], missing.Select(e => e.Field).Order(StringComparer.Ordinal));

        var wrong = _rules.Validate(Request(fields:
        [
            new("Purchase Type", "Much too long text"), new("Nights", "two"), new("Check-in", "24/11/2026"), new("Room", "Suite"),
            new("Notes", "123456"), new("Colour", "red"),
        ]), catalog, Today);
        Assert.Equal(
            ["CustomField:Check-in", "CustomField:Colour", "CustomField:Nights", "CustomField:Notes", "CustomField:Purchase Type", "CustomField:Room"],
            wrong.Select(e => e.Field).Order(StringComparer.Ordinal));

        Assert.Empty(_rules.Validate(Request(fields:
        [
            new("Purchase Type", "Hotel"), new("Nights", "3"), new("Check-in", "2026-11-30"), new("Room", "Double"),
        ]), catalog, Today));
    }

    [Fact]
    public void Messages_come_in_the_user_s_language()
    {
        using var culture = new CultureScope("es-MX");
        var error = Assert.Single(_rules.Validate(Request(0m), new(Template(), Rcn(), Supplier()), Today));
        Assert.Equal("Escribe un monto mayor que cero.", error.Message);
    }

    [Fact]
    public void Updates_keep_the_limit_between_spent_and_the_maximum_and_the_end_in_the_window()
    {
        var card = new CardPurchase
        {
            IdempotencyKey = "k", Currency = "MXN", IssuedBy = "me", IssuedByName = "Me", Amount = 1000m, Spent = 400m,
            ValidFrom = Today, ValidTo = Today.AddDays(10), Status = CardPurchaseStatus.Active,
        };
        var template = Template(mccs: ["3501"]);

        Assert.Empty(_rules.ValidateUpdate(card, new CardUpdate(2000m, 100, Today.AddDays(20)), template, Supplier(), Today));
        Assert.Equal(IssueFields.Amount, Assert.Single(_rules.ValidateUpdate(card, new CardUpdate(399.99m, null, null), template, null, Today)).Field);
        Assert.Equal(IssueFields.Amount, Assert.Single(_rules.ValidateUpdate(card, new CardUpdate(60_000m, null, null), template, null, Today)).Field);
        Assert.Equal(IssueFields.ValidTo, Assert.Single(_rules.ValidateUpdate(card, new CardUpdate(null, null, Today.AddDays(31)), template, null, Today)).Field);
        Assert.Equal(IssueFields.Supplier, Assert.Single(_rules.ValidateUpdate(card, new CardUpdate(null, 100, null), template, Supplier("5812"), Today)).Field);
        Assert.Single(_rules.ValidateUpdate(card, new CardUpdate(null, null, null), template, null, Today));
    }

    [Theory]
    [InlineData("amount", IssueFields.Amount)]
    [InlineData("rcnId", IssueFields.FundingCard)]
    [InlineData("supplierId", IssueFields.Supplier)]
    [InlineData("templateId", IssueFields.Template)]
    [InlineData("validFrom", IssueFields.ValidFrom)]
    [InlineData("validTo", IssueFields.ValidTo)]
    [InlineData("currency", IssueFields.Currency)]
    [InlineData("reference", IssueFields.Reference)]
    [InlineData("customFields[Purchase Type]", "CustomField:Purchase Type")]
    [InlineData("customFields/Nights", "CustomField:Nights")]
    public void Clara_s_field_names_map_onto_the_form(string clara, string form) =>
        Assert.Equal(form, ClaraErrorMapping.FieldFor(clara));

    [Fact]
    public void A_revealed_card_never_prints_its_number_or_cvv()
    {
        var card = new RevealedCard(TestCardNumbers.Visa, "987", "12/26", "7899", RevealedCard.BrandOf(TestCardNumbers.Visa));
        Assert.Equal("Visa", card.Brand);
        Assert.Equal("Mastercard", RevealedCard.BrandOf(TestCardNumbers.Mastercard));
        Assert.Equal(TestCardNumbers.VisaGrouped, card.GroupedNumber);
        Assert.DoesNotContain(TestCardNumbers.Visa, card.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("987", card.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("12/26", card.ToString(), StringComparison.Ordinal);
    }
}
