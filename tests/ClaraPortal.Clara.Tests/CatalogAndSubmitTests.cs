using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;

namespace ClaraPortal.Clara.Tests;

/// <summary>Catalog, submit, idempotent replay, details and reveal against one shared sandbox.</summary>
public sealed class CatalogAndSubmitTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly ClaraClient _client = sandbox.Client;

    [Fact]
    public async Task Catalog_lists_funding_cards_templates_and_suppliers_with_long_ids()
    {
        var catalog = await _client.GetCatalogAsync();

        Assert.NotEmpty(catalog.Rcns);
        Assert.NotEmpty(catalog.Templates);
        Assert.NotEmpty(catalog.Suppliers);
        Assert.All(catalog.Rcns, r => Assert.False(string.IsNullOrEmpty(r.Alias)));
        Assert.Contains(catalog.Templates, t => t.PurchaseTypes.Count > 0 && t.CustomFields.Count > 0);
        // Clara's ids do not fit an int.
        Assert.Contains(catalog.Suppliers, s => s.Id > int.MaxValue);
    }

    [Theory]
    [InlineData(CatalogDetail.Rcn)]
    [InlineData(CatalogDetail.Template)]
    [InlineData(CatalogDetail.Supplier)]
    public async Task Catalog_detail_returns_only_the_part_asked_for(CatalogDetail detail)
    {
        var catalog = await _client.GetCatalogAsync(detail);

        Assert.Equal(detail == CatalogDetail.Rcn, catalog.Rcns.Count > 0);
        Assert.Equal(detail == CatalogDetail.Template, catalog.Templates.Count > 0);
        Assert.Equal(detail == CatalogDetail.Supplier, catalog.Suppliers.Count > 0);
    }

    [Fact]
    public async Task Submit_issues_a_card_and_details_show_it_without_number_unless_revealed()
    {
        var catalog = await _client.GetCatalogAsync();
        var request = CatalogPicks.EasyRequest(catalog, 1234.56m, "PO-DETAILS");

        var card = await _client.SubmitAsync(request, CatalogPicks.NewKey());

        Assert.Equal("ACTIVE", card.Status);
        Assert.Equal(1234.56m, card.Amount);
        Assert.Equal(1234.56m, card.Available);
        Assert.Equal(0m, card.Spent);
        Assert.Equal(request.ValidTo, card.ValidTo);
        Assert.Equal(16, card.CardNumber.Length);
        Assert.Equal(card.CardNumber[^4..], card.Last4);
        Assert.Equal(3, card.Cvv.Length);
        Assert.Matches("^[0-9]{2}/[0-9]{2}$", card.ExpirationDate);

        var details = await _client.GetPurchaseAsync(card.PurchaseId);
        Assert.Null(details.CardNumber);
        Assert.Null(details.Cvv);
        Assert.False(details.IsRevealed);
        Assert.Equal(card.Last4, details.Last4);
        Assert.Equal("PO-DETAILS", details.Reference);
        Assert.Empty(details.Transactions);

        var revealed = await _client.GetPurchaseAsync(card.PurchaseId, reveal: true);
        Assert.Equal(card.CardNumber, revealed.CardNumber);
        Assert.Equal(card.Cvv, revealed.Cvv);
    }

    [Fact]
    public async Task Replaying_a_submit_with_the_same_key_returns_the_same_card_and_creates_nothing()
    {
        var catalog = await _client.GetCatalogAsync();
        var request = CatalogPicks.EasyRequest(catalog, 300.00m, "PO-REPLAY");
        var key = CatalogPicks.NewKey();

        var first = await _client.SubmitAsync(request, key);
        var replay = await _client.SubmitAsync(request, key);
        var next = await _client.SubmitAsync(request, CatalogPicks.NewKey());

        Assert.Equal(first.PurchaseId, replay.PurchaseId);
        Assert.Equal(first.Last4, replay.Last4);
        Assert.Equal(first.CardNumber, replay.CardNumber);
        Assert.NotEqual(first.PurchaseId, next.PurchaseId);
        Assert.NotEqual(first.CardNumber, next.CardNumber);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_an_idempotency_conflict()
    {
        var catalog = await _client.GetCatalogAsync();
        var request = CatalogPicks.EasyRequest(catalog, 410.00m);
        var key = CatalogPicks.NewKey();
        await _client.SubmitAsync(request, key);

        var error = await Assert.ThrowsAsync<ClaraApiException>(() => _client.SubmitAsync(request with { Amount = 411.00m }, key));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("IDEMPOTENCY_CONFLICT", error.Code);
    }

    [Fact]
    public async Task Unknown_ids_are_404_on_details_update_and_submit()
    {
        var catalog = await _client.GetCatalogAsync();

        var details = await Assert.ThrowsAsync<ClaraApiException>(() => _client.GetPurchaseAsync(12345));
        var update = await Assert.ThrowsAsync<ClaraApiException>(() => _client.UpdateAsync(12345, new UpdatePurchaseRequest(10m, null, null)));
        var submit = await Assert.ThrowsAsync<ClaraApiException>(() =>
            _client.SubmitAsync(CatalogPicks.EasyRequest(catalog) with { TemplateId = 777 }, CatalogPicks.NewKey()));

        Assert.All([details, update, submit], e =>
        {
            Assert.Equal(404, e.StatusCode);
            Assert.Equal("NOT_FOUND", e.Code);
        });
    }

    [Fact]
    public async Task Idempotency_keys_longer_than_80_characters_are_refused_before_any_call()
    {
        var catalog = await _client.GetCatalogAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => _client.SubmitAsync(CatalogPicks.EasyRequest(catalog), new string('k', 81)));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.SubmitAsync(CatalogPicks.EasyRequest(catalog), "two words"));
        var card = await _client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 12m), new string('k', 80));
        Assert.Equal(12m, card.Amount);
    }

    [Fact]
    public async Task The_api_test_prefix_and_a_pem_certificate_work_the_same()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o =>
        {
            o.PathPrefix = "/api-test";
            o.ClientCertificatePath = sandbox.Server.Certificates.ClientCertificatePath;
            o.ClientKeyPath = sandbox.Server.Certificates.ClientKeyPath;
        });

        var catalog = await client.GetCatalogAsync(CatalogDetail.All);
        var card = await client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 77.70m), CatalogPicks.NewKey());
        var details = await _client.GetPurchaseAsync(card.PurchaseId); // same company, other prefix

        Assert.Equal(77.70m, details.Amount);
        Assert.Contains(logs.Entries, e => e.Message.Contains("POST /api-test/v1/vcn/submit answered 201", StringComparison.Ordinal));
    }
}
