using ClaraPortal.Clara.Tests.Infrastructure;
using ClaraPortal.Sandbox;

namespace ClaraPortal.Clara.Tests;

/// <summary>
/// The rule: once any attempt of a write may have reached Clara, the call's outcome stays unknown unless a later attempt
/// gives a definitive answer. Each test is one exact sequence the sandbox plays, and asserts one outcome.
/// </summary>
public sealed class AmbiguityTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    public void Dispose() => sandbox.Server.Faults.Reset();

    [Fact]
    public async Task A_submit_that_timed_out_after_clara_issued_then_got_503_is_unknown_and_replaying_the_key_gives_the_first_card()
    {
        using var client = await WarmClientAsync(o => o.RequestTimeout = TimeSpan.FromSeconds(2));
        var key = CatalogPicks.NewKey();
        var request = await EasyRequestAsync(client, 150m);
        sandbox.Server.Faults.RetryAfterSeconds = 0;
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.HangAfterCommit);
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.Status(503));
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.Status(503));
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.Status(503));

        var unknown = await Assert.ThrowsAsync<ClaraOutcomeUnknownException>(() => client.SubmitAsync(request, key));

        Assert.Equal(key, unknown.IdempotencyKey);
        Assert.Equal(503, Assert.IsType<ClaraApiException>(unknown.InnerException).StatusCode);
        var cards = CardsWith(request.Reference!);
        var card = Assert.Single(cards);
        Assert.Equal(card.PurchaseId, (await client.SubmitAsync(request, key)).PurchaseId);
        Assert.Single(CardsWith(request.Reference!));
    }

    [Fact]
    public async Task A_submit_answered_500_after_clara_issued_then_429_is_unknown_not_failed()
    {
        using var client = await WarmClientAsync(o => o.MaxRetries = 1);
        var request = await EasyRequestAsync(client, 160m);
        sandbox.Server.Faults.RetryAfterSeconds = 0;
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.StatusAfterCommit(500));
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.Status(429));

        var unknown = await Assert.ThrowsAsync<ClaraOutcomeUnknownException>(() => client.SubmitAsync(request, CatalogPicks.NewKey()));

        Assert.Equal(429, Assert.IsType<ClaraApiException>(unknown.InnerException).StatusCode);
        Assert.Single(CardsWith(request.Reference!));
    }

    [Theory]
    [InlineData(502)]
    [InlineData(504)]
    public async Task A_gateway_error_after_clara_issued_is_retried_with_the_key_and_the_retry_returns_the_first_card(int status)
    {
        using var client = await WarmClientAsync();
        var request = await EasyRequestAsync(client, 170m);
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.StatusAfterCommit(status));

        var card = await client.SubmitAsync(request, CatalogPicks.NewKey());

        Assert.Equal(card.PurchaseId, Assert.Single(CardsWith(request.Reference!)).PurchaseId);
    }

    [Fact]
    public async Task A_401_after_an_ambiguous_attempt_even_after_a_new_token_is_unknown_not_failed()
    {
        using var client = await WarmClientAsync();
        var request = await EasyRequestAsync(client, 180m);
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.StatusAfterCommit(500));
        for (var i = 0; i < 8; i++)
        {
            sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.Status(401));
        }

        var unknown = await Assert.ThrowsAsync<ClaraOutcomeUnknownException>(() => client.SubmitAsync(request, CatalogPicks.NewKey()));

        Assert.Equal(401, Assert.IsType<ClaraApiException>(unknown.InnerException).StatusCode);
        Assert.Single(CardsWith(request.Reference!));
    }

    [Fact]
    public async Task A_403_on_a_first_attempt_is_a_plain_refusal_because_nothing_may_have_acted()
    {
        using var client = await WarmClientAsync();
        var request = await EasyRequestAsync(client, 190m);
        sandbox.Server.Faults.Enqueue(SandboxOperation.Submit, SandboxFault.Status(403));

        var refused = await Assert.ThrowsAsync<ClaraApiException>(() => client.SubmitAsync(request, CatalogPicks.NewKey()));

        Assert.Equal(403, refused.StatusCode);
        Assert.Empty(CardsWith(request.Reference!));
    }

    [Fact]
    public async Task A_lost_update_answer_is_retried_with_the_same_key_and_applied_once()
    {
        using var client = await WarmClientAsync();
        var request = await EasyRequestAsync(client, 200m);
        var card = await client.SubmitAsync(request, CatalogPicks.NewKey());
        sandbox.Server.Faults.Enqueue(SandboxOperation.Update, SandboxFault.LostAfterCommit);

        var updated = await client.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(250m, null, null), "update-once");

        Assert.Equal(250m, updated.Amount);
        // Replaying the key later answers the first outcome again instead of acting on the current state.
        var replay = await client.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(250m, null, null), "update-once");
        Assert.Equal(updated.Amount, replay.Amount);
    }

    [Fact]
    public async Task A_cancel_answered_502_after_clara_cancelled_then_503_is_unknown_and_its_replay_says_cancelled()
    {
        using var client = await WarmClientAsync(o => o.MaxRetries = 1);
        var card = await client.SubmitAsync(await EasyRequestAsync(client, 210m), CatalogPicks.NewKey());
        sandbox.Server.Faults.RetryAfterSeconds = 0;
        sandbox.Server.Faults.Enqueue(SandboxOperation.Cancel, SandboxFault.StatusAfterCommit(502));
        sandbox.Server.Faults.Enqueue(SandboxOperation.Cancel, SandboxFault.Status(503));

        await Assert.ThrowsAsync<ClaraOutcomeUnknownException>(() => client.CancelAsync([card.PurchaseId], "Supplier withdrew", "cancel-key-1"));

        var replay = await client.CancelAsync([card.PurchaseId], "Supplier withdrew", "cancel-key-1");
        Assert.Equal(CancelStatus.Cancelled, Assert.Single(replay.Results).Status);
    }

    private async Task<ClaraClient> WarmClientAsync(Action<ClaraClientOptions>? configure = null)
    {
        var client = sandbox.CreateClient(configure: o =>
        {
            o.MaxRetries = 3;
            configure?.Invoke(o);
        });
        // The token is fetched before any fault is queued (faults never apply to /oauth/token, but reads take them too).
        await client.GetCatalogAsync(CatalogDetail.Rcn);
        return client;
    }

    private static async Task<SubmitPurchaseRequest> EasyRequestAsync(ClaraClient client, decimal amount)
    {
        var catalog = await client.GetCatalogAsync();
        return CatalogPicks.EasyRequest(catalog, amount) with { Reference = "AMB-" + Guid.NewGuid().ToString("N")[..12] };
    }

    private IReadOnlyList<SandboxPurchaseView> CardsWith(string reference) =>
        [.. sandbox.Server.ListPurchases().Where(p => p.Reference == reference)];
}
