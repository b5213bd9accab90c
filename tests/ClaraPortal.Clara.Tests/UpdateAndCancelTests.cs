using System.Globalization;
using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;

namespace ClaraPortal.Clara.Tests;

public sealed class UpdateAndCancelTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly ClaraClient _client = sandbox.Client;

    private async Task<(ClaraCatalog Catalog, IssuedCard Card)> IssueAsync(decimal amount = 1000m)
    {
        var catalog = await _client.GetCatalogAsync();
        return (catalog, await _client.SubmitAsync(CatalogPicks.EasyRequest(catalog, amount), CatalogPicks.NewKey()));
    }

    [Fact]
    public async Task Update_changes_limit_supplier_and_end_date_and_keeps_the_card_number()
    {
        var (catalog, card) = await IssueAsync(1000m);
        var otherSupplier = catalog.Suppliers.First(s => s.Id != card.SupplierId);
        var newEnd = card.ValidTo.AddDays(5);

        var updated = await _client.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(2500.50m, otherSupplier.Id, newEnd));

        Assert.Equal(card.PurchaseId, updated.PurchaseId);
        Assert.Equal(2500.50m, updated.Amount);
        Assert.Equal(2500.50m, updated.Available);
        Assert.Equal(otherSupplier.Id, updated.SupplierId);
        Assert.Equal(newEnd, updated.ValidTo);
        Assert.Equal(card.Last4, updated.Last4);
        Assert.IsNotType<IssuedCard>(updated);
        var revealed = await _client.GetPurchaseAsync(card.PurchaseId, reveal: true);
        Assert.Equal(card.CardNumber, revealed.CardNumber);
    }

    [Fact]
    public async Task Update_below_what_was_spent_is_422()
    {
        var (_, card) = await IssueAsync(1000m);
        using var raw = sandbox.Raw();
        await raw.ChargeAsync(await raw.GetTokenAsync(), card.PurchaseId, 600m, card.Currency);

        var error = await Assert.ThrowsAsync<ClaraApiException>(() => _client.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(500m, null, null)));

        Assert.Equal(422, error.StatusCode);
        Assert.Contains(error.Details, d => d.Field == "amount");
        var details = await _client.GetPurchaseAsync(card.PurchaseId);
        Assert.Equal(600m, details.Spent);
        Assert.Equal(400m, details.Available);
        Assert.Single(details.Transactions);
    }

    [Fact]
    public async Task Update_of_a_cancelled_card_is_422()
    {
        var (_, card) = await IssueAsync();
        await _client.CancelAsync([card.PurchaseId], "Order withdrawn");

        var error = await Assert.ThrowsAsync<ClaraApiException>(() => _client.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(2000m, null, null)));

        Assert.Equal(422, error.StatusCode);
        Assert.NotEmpty(error.Details);
    }

    [Fact]
    public async Task An_empty_update_is_refused_before_any_call()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.UpdateAsync(1, new UpdatePurchaseRequest(null, null, null)));
    }

    [Fact]
    public async Task Cancel_a_batch_of_50_with_mixed_outcomes()
    {
        var catalog = await _client.GetCatalogAsync();
        var cards = new List<IssuedCard>();
        for (var i = 0; i < 3; i++)
        {
            cards.Add(await _client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 50m + i), CatalogPicks.NewKey()));
        }

        await _client.CancelAsync([cards[0].PurchaseId], "Duplicate order");
        var unknown = Enumerable.Range(1, 47).Select(i => (long)i).ToList();
        IReadOnlyList<long> batch = [.. cards.Select(c => c.PurchaseId), .. unknown];

        var result = await _client.CancelAsync(batch, "Order withdrawn");

        Assert.Equal(50, result.Results.Count);
        var byId = result.Results.ToDictionary(r => r.PurchaseId);
        Assert.Equal(CancelStatus.AlreadyCancelled, byId[cards[0].PurchaseId].Status);
        Assert.Equal(CancelStatus.Cancelled, byId[cards[1].PurchaseId].Status);
        Assert.Equal(CancelStatus.Cancelled, byId[cards[2].PurchaseId].Status);
        Assert.All(unknown, id => Assert.Equal(CancelStatus.NotFound, byId[id].Status));

        var cancelled = await _client.GetPurchaseAsync(cards[1].PurchaseId);
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.Equal("Order withdrawn", cancelled.CancelReason);
        Assert.NotNull(cancelled.CancelledAt);
    }

    [Fact]
    public async Task More_than_50_ids_are_refused_by_the_client_and_answered_400_by_Clara()
    {
        var ids = Enumerable.Range(1, 51).Select(i => (long)i).ToList();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.CancelAsync(ids, "too many"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.CancelAsync([], "none"));

        using var raw = sandbox.Raw();
        var body = $$"""{"purchaseIds":[{{string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))}}],"reason":"too many"}""";
        using var response = await raw.SendAsync(HttpMethod.Post, "/api/v1/vcn/cancel", await raw.GetTokenAsync(), body);
        var (status, code, _) = await RawClaraHttp.ReadErrorAsync(response);
        Assert.Equal(400, status);
        Assert.Equal("VALIDATION_ERROR", code);
    }

    [Fact]
    public async Task Malformed_json_is_400_with_the_field_in_details()
    {
        using var raw = sandbox.Raw();
        var token = await raw.GetTokenAsync();

        using var response = await raw.SendAsync(HttpMethod.Post, "/api/v1/vcn/submit", token, """{"rcnId": "not a number", "amount": 10}""");
        var (status, code, body) = await RawClaraHttp.ReadErrorAsync(response);

        Assert.Equal(400, status);
        Assert.Equal("VALIDATION_ERROR", code);
        Assert.True(body.TryGetProperty("message", out _));
        Assert.True(body.TryGetProperty("timestamp", out _));
    }
}
