using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;

namespace ClaraPortal.Clara.Tests;

/// <summary>
/// "Timeout after commit": Clara creates the card and the answer never arrives. The client must neither lose the card
/// (report it as failed) nor make a second one.
/// </summary>
public sealed class OutcomeUnknownTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    // The answer is withheld for good, so any timeout is reached; it is only kept short enough not to slow the suite,
    // and long enough for the token call (its own mTLS handshake) to pass on a busy 2-core machine.
    private static readonly TimeSpan GivesUpAfter = TimeSpan.FromSeconds(5);

    public void Dispose() => sandbox.Server.Faults.Reset();

    [Fact]
    public async Task A_submit_whose_answer_never_comes_is_unknown_and_the_same_key_resolves_it_to_the_same_card()
    {
        var logs = new LogCapture();
        // Only the call meant to lose its answer runs with a shorter timeout: the rest must not time out on a busy machine.
        using var impatient = sandbox.CreateClient(logs, o =>
        {
            o.MaxRetries = 0;
            o.RequestTimeout = GivesUpAfter;
        });
        var client = sandbox.Client;
        var catalog = await client.GetCatalogAsync();
        var request = CatalogPicks.EasyRequest(catalog, 4321m, "PO-UNKNOWN");
        var key = CatalogPicks.NewKey();
        var creditBefore = await AvailableCreditAsync(client, request.RcnId);
        sandbox.Server.Faults.TimeoutAfterCommitCount = 1;

        var unknown = await Assert.ThrowsAsync<ClaraOutcomeUnknownException>(() => impatient.SubmitAsync(request, key));

        Assert.Equal(key, unknown.IdempotencyKey);
        Assert.Contains("/v1/vcn/submit", unknown.Operation, StringComparison.Ordinal);
        Assert.DoesNotContain("fail", unknown.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 5);

        var resolved = await client.SubmitAsync(request, key);
        var again = await client.SubmitAsync(request, key);
        var next = await client.SubmitAsync(request with { Amount = 1m }, CatalogPicks.NewKey());

        Assert.Equal(resolved.PurchaseId, again.PurchaseId);
        Assert.Equal(resolved.CardNumber, again.CardNumber);
        Assert.Equal(4321m, resolved.Amount);
        // Ids are handed out in order: the next card follows directly, so nothing was created in between.
        Assert.Equal(resolved.PurchaseId + 1, next.PurchaseId);
        // And the funding card holds credit for one 4321.00 card (plus the 1.00 one), not two.
        Assert.Equal(creditBefore - 4321m - 1m, await AvailableCreditAsync(client, request.RcnId));
    }

    [Fact]
    public async Task With_retries_the_client_resolves_a_lost_answer_itself_by_replaying_the_key()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o =>
        {
            o.MaxRetries = 2;
            o.RequestTimeout = GivesUpAfter;
        });
        var catalog = await sandbox.Client.GetCatalogAsync();
        var request = CatalogPicks.EasyRequest(catalog, 222m, "PO-RETRIED");
        sandbox.Server.Faults.TimeoutAfterCommitCount = 1;

        var card = await client.SubmitAsync(request, CatalogPicks.NewKey());
        var next = await client.SubmitAsync(request, CatalogPicks.NewKey());

        Assert.Equal(222m, card.Amount);
        Assert.True(logs.Retries >= 1);
        Assert.Equal(card.PurchaseId + 1, next.PurchaseId);
    }

    [Fact]
    public async Task An_update_that_times_out_is_repeated_only_with_its_key_and_reported_unknown_while_a_read_times_out_plainly()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o =>
        {
            o.MaxRetries = 1;
            o.RequestTimeout = GivesUpAfter;
        });
        // The token is fetched (over mTLS) before the sandbox slows down, so the short timeout applies to the update alone.
        var catalog = await client.GetCatalogAsync();
        var card = await sandbox.Client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 100m), CatalogPicks.NewKey());
        await client.GetCatalogAsync(CatalogDetail.Rcn); // the token first, before the API slows down
        sandbox.Server.Faults.LatencyMilliseconds = 60_000; // the server gives up waiting once the client aborts

        var update = await Assert.ThrowsAsync<ClaraOutcomeUnknownException>(() => client.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(200m, null, null), "update-key-1"));
        var read = await Assert.ThrowsAsync<TimeoutException>(() => client.GetPurchaseAsync(card.PurchaseId));

        // Every write carries a key, so repeating it is safe, and the caller can replay that same key later.
        Assert.Equal("update-key-1", update.IdempotencyKey);
        var noAnswers = logs.Entries.Where(e => e.EventId.Id == 2).Select(e => e.Message).ToList();
        Assert.Equal(2, noAnswers.Count(m => m.Contains("/update", StringComparison.Ordinal)));
        Assert.Equal(2, noAnswers.Count(m => m.Contains($"/v1/vcn/{card.PurchaseId}", StringComparison.Ordinal) && !m.Contains("/update", StringComparison.Ordinal)));
        Assert.Contains("/v1/vcn/", read.Message, StringComparison.Ordinal);
    }

    private static async Task<decimal> AvailableCreditAsync(ClaraClient client, long rcnId) =>
        (await client.GetCatalogAsync(CatalogDetail.Rcn)).Rcns.Single(r => r.Id == rcnId).AvailableCredit!.Value;
}
