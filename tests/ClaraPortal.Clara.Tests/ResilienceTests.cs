using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;

namespace ClaraPortal.Clara.Tests;

/// <summary>Rate limits and server errors, injected into a live sandbox; every test puts the faults back.</summary>
public sealed class ResilienceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    public void Dispose() => sandbox.Server.Faults.Reset();

    private static IEnumerable<long> RetryDelaysMs(LogCapture logs) =>
        logs.Entries.Where(e => e.EventId.Id == 3).Select(e => Convert.ToInt64(e.State.First(kv => kv.Key == "DelayMs").Value, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_Clara_sent_then_succeeds()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs);
        await client.GetCatalogAsync(CatalogDetail.Rcn); // token first: faults do not apply to /oauth/token anyway
        sandbox.Server.Faults.RetryAfterSeconds = 1;
        sandbox.Server.Faults.RateLimitBurst = 2;

        var catalog = await client.GetCatalogAsync(CatalogDetail.Rcn);

        Assert.NotEmpty(catalog.Rcns);
        Assert.Equal(2, logs.Retries);
        // Our own backoff is 20 ms here: a 1000 ms wait can only come from Retry-After.
        Assert.All(RetryDelaysMs(logs), delay => Assert.Equal(1000, delay));
    }

    [Fact]
    public async Task When_429s_outlast_the_retries_the_error_carries_Retry_After()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o => o.MaxRetries = 1);
        await client.GetCatalogAsync(CatalogDetail.Rcn);
        sandbox.Server.Faults.RateLimitBurst = 5;

        var error = await Assert.ThrowsAsync<ClaraApiException>(() => client.GetCatalogAsync(CatalogDetail.Rcn));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal("RATE_LIMITED", error.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.True(error.IsRetryable);
        Assert.Equal(1, logs.Retries);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_client_will_wait_is_not_waited_for()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o => o.MaxRetryAfter = TimeSpan.FromSeconds(30));
        await client.GetCatalogAsync(CatalogDetail.Rcn);
        sandbox.Server.Faults.RetryAfterSeconds = 120;
        sandbox.Server.Faults.RateLimitBurst = 1;

        var error = await Assert.ThrowsAsync<ClaraApiException>(() => client.GetCatalogAsync(CatalogDetail.Rcn));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Equal(0, logs.Retries);
    }

    [Fact]
    public async Task Update_cancel_and_report_start_are_retried_on_429_because_Clara_did_not_act()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs);
        var catalog = await client.GetCatalogAsync();
        var card = await client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 100m), CatalogPicks.NewKey());

        sandbox.Server.Faults.RateLimitBurst = 1;
        var updated = await client.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(150m, null, null));
        sandbox.Server.Faults.RateLimitBurst = 1;
        var report = await client.StartReportAsync(new ReportRequest(CatalogPicks.Today, CatalogPicks.Today, ReportType.Clearing));
        sandbox.Server.Faults.RateLimitBurst = 1;
        var cancelled = await client.CancelAsync([card.PurchaseId], "rate limited once");

        Assert.Equal(150m, updated.Amount);
        Assert.True(report.ReportId > 0);
        Assert.Equal(CancelStatus.Cancelled, Assert.Single(cancelled.Results).Status);
        Assert.Equal(3, logs.Retries);
    }

    [Fact]
    public async Task Reads_are_retried_through_500_and_503_then_succeed()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o => o.MaxRetries = 5);
        await client.GetCatalogAsync(CatalogDetail.Rcn);
        // Every call fails until the client announces its first retry; then the server recovers.
        logs.OnLog = e =>
        {
            if (e.EventId.Id == 3)
            {
                sandbox.Server.Faults.ServerErrorRate = 0;
            }
        };
        sandbox.Server.Faults.ServerErrorRate = 1.0;

        var catalog = await client.GetCatalogAsync(CatalogDetail.Rcn);

        Assert.NotEmpty(catalog.Rcns);
        Assert.Equal(1, logs.Retries);
        var failed = logs.Entries.First(e => e.EventId.Id == 1 && e.State.Any(kv => kv.Key == "StatusCode" && kv.Value is 500 or 503));
        Assert.Contains("/api/v1/vcn", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submit_is_retried_through_server_errors_with_its_key_and_makes_one_card()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o => o.MaxRetries = 5);
        var catalog = await client.GetCatalogAsync();
        logs.OnLog = e =>
        {
            if (e.EventId.Id == 3)
            {
                sandbox.Server.Faults.ServerErrorRate = 0;
            }
        };
        sandbox.Server.Faults.ServerErrorRate = 1.0;
        var key = CatalogPicks.NewKey();

        var card = await client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 321m), key);
        var replay = await client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 321m), key);

        Assert.Equal(1, logs.Retries);
        Assert.Equal(card.PurchaseId, replay.PurchaseId);
    }

    [Fact]
    public async Task An_update_answered_500_every_time_is_repeated_with_its_one_key_and_its_outcome_is_unknown()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o => o.MaxRetries = 3);
        var catalog = await client.GetCatalogAsync();
        var card = await client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 100m), CatalogPicks.NewKey());
        sandbox.Server.Faults.ServerErrorStatuses = [500];
        sandbox.Server.Faults.ServerErrorRate = 1.0;

        var unknown = await Assert.ThrowsAsync<ClaraOutcomeUnknownException>(
            () => client.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(120m, null, null)));

        // A 500 after sending: Clara may have acted. Every attempt carries the same key, so repeating it cannot act
        // twice, and the key comes back for a later replay.
        Assert.Equal([500, 500, 500, 500], UpdateStatuses(logs));
        Assert.NotNull(unknown.IdempotencyKey);
        Assert.Equal(500, Assert.IsType<ClaraApiException>(unknown.InnerException).StatusCode);
    }

    [Fact]
    public async Task An_update_answered_503_every_time_is_retried_then_fails_as_503_because_Clara_never_acted()
    {
        var logs = new LogCapture();
        using var client = sandbox.CreateClient(logs, o => o.MaxRetries = 3);
        var catalog = await client.GetCatalogAsync();
        var card = await client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 100m), CatalogPicks.NewKey());
        sandbox.Server.Faults.ServerErrorStatuses = [503];
        sandbox.Server.Faults.RetryAfterSeconds = 0;
        sandbox.Server.Faults.ServerErrorRate = 1.0;

        var error = await Assert.ThrowsAsync<ClaraApiException>(
            () => client.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(120m, null, null)));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal([503, 503, 503, 503], UpdateStatuses(logs));
        sandbox.Server.Faults.Reset();
        Assert.Equal(100m, (await client.GetPurchaseAsync(card.PurchaseId)).Amount);
    }

    private static List<int> UpdateStatuses(LogCapture logs) =>
        [.. logs.Entries
            .Where(e => e.EventId.Id == 1 && e.Message.Contains("/update", StringComparison.Ordinal))
            .Select(e => (int)e.State.First(kv => kv.Key == "StatusCode").Value!)];
}
