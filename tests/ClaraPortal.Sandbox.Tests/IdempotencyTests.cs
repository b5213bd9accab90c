using System.Net;
using ClaraPortal.Sandbox.Tests.Infrastructure;

namespace ClaraPortal.Sandbox.Tests;

/// <summary>Idempotency-Key like Stripe: the first answer is kept 24 hours, per company, errors included.</summary>
public sealed class IdempotencyTests(SandboxTestFixture sandbox) : IClassFixture<SandboxTestFixture>, IDisposable
{
    private const string SubsidiaryTaxId = "CPS920315KX7";

    private SandboxApi Api => sandbox.Api;

    public void Dispose() => sandbox.Faults.Reset();

    private static string NewKey() => Guid.NewGuid().ToString();

    [Fact]
    public async Task The_same_key_and_body_replays_the_first_card_and_creates_nothing_new()
    {
        var body = await Api.EasySubmitAsync(321m, "PO-REPLAY");
        var key = NewKey();

        var first = await Api.SubmitAsync(body, key);
        var countAfterFirst = sandbox.Server.ListPurchases().Count;
        sandbox.Clock.Advance(TimeSpan.FromMinutes(5));
        var replay = await Api.SubmitAsync(body, key);
        var pretty = await Api.PostAsync("api/v1/vcn/submit", System.Text.Json.JsonSerializer.Serialize(body,
            new System.Text.Json.JsonSerializerOptions(SandboxApi.Json) { WriteIndented = true }), key);

        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.False(first.Replayed);
        Assert.True(replay.Replayed);
        Assert.Equal(first.Text, replay.Text); // byte for byte, createdAt included
        Assert.Equal(first.PurchaseId, pretty.PurchaseId);
        Assert.Equal(countAfterFirst, sandbox.Server.ListPurchases().Count);
    }

    [Fact]
    public async Task An_error_is_replayed_too_even_once_the_request_would_succeed()
    {
        var body = await Api.EasySubmitAsync();
        var key = NewKey();
        // 401 before the guard runs is not stored; a 422 from the rules is.
        var first = await Api.SubmitAsync(body with { Amount = 0m }, key);
        var replay = await Api.SubmitAsync(body with { Amount = 0m }, key);

        Assert.Equal(422, first.Code);
        Assert.Equal(first.Text, replay.Text);
        Assert.True(replay.Replayed);
    }

    [Fact]
    public async Task The_same_key_with_another_body_or_endpoint_is_409_and_changes_nothing()
    {
        var body = await Api.EasySubmitAsync(10m);
        var key = NewKey();
        var first = await Api.SubmitAsync(body, key);
        var count = sandbox.Server.ListPurchases().Count;

        var otherBody = await Api.SubmitAsync(body with { Amount = 11m }, key);
        var otherEndpoint = await Api.CancelAsync(key, "reuse", first.PurchaseId);

        Assert.Equal((409, "IDEMPOTENCY_CONFLICT"), (otherBody.Code, otherBody.ErrorCode));
        Assert.Equal((409, "IDEMPOTENCY_CONFLICT"), (otherEndpoint.Code, otherEndpoint.ErrorCode));
        Assert.Equal(count, sandbox.Server.ListPurchases().Count);
        Assert.Equal("ACTIVE", sandbox.Server.ListPurchases().Single(p => p.PurchaseId == first.PurchaseId).Status);
    }

    [Fact]
    public async Task Keys_belong_to_a_company_so_a_subsidiary_may_use_the_same_key()
    {
        var key = NewKey();
        var owner = await Api.SubmitAsync(await Api.EasySubmitAsync(20m), key);
        var subsidiary = await Api.SubmitAsync(await Api.EasySubmitAsync(20m, taxId: SubsidiaryTaxId), key, SubsidiaryTaxId);

        Assert.Equal(HttpStatusCode.Created, subsidiary.Status);
        Assert.False(subsidiary.Replayed);
        Assert.NotEqual(owner.PurchaseId, subsidiary.PurchaseId);
        Assert.Contains(sandbox.Server.ListPurchases(SubsidiaryTaxId), p => p.PurchaseId == subsidiary.PurchaseId);
        Assert.DoesNotContain(sandbox.Server.ListPurchases(SubsidiaryTaxId), p => p.PurchaseId == owner.PurchaseId);
    }

    [Fact]
    public async Task A_key_expires_after_24_hours_and_then_makes_a_new_card()
    {
        var body = await Api.EasySubmitAsync(30m);
        var key = NewKey();
        var first = await Api.SubmitAsync(body, key);

        sandbox.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Api.RenewToken();
        var stillKept = await Api.SubmitAsync(body, key);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await Api.SubmitAsync(body, key);

        Assert.Equal(first.PurchaseId, stillKept.PurchaseId);
        Assert.Equal(HttpStatusCode.Created, expired.Status);
        Assert.False(expired.Replayed);
        Assert.NotEqual(first.PurchaseId, expired.PurchaseId);
    }

    [Fact]
    public async Task A_malformed_key_is_400()
    {
        var answer = await Api.SubmitAsync(await Api.EasySubmitAsync(), new string('k', 81));

        Assert.Equal((400, "VALIDATION_ERROR"), (answer.Code, answer.ErrorCode));
    }
}
