using System.Net;
using ClaraPortal.Sandbox.Tests.Infrastructure;

namespace ClaraPortal.Sandbox.Tests;

/// <summary>The fault settings (rates, counters, lag) with rates of 0 or 1, so every outcome is deterministic.</summary>
public sealed class ConfiguredFaultTests(SandboxTestFixture sandbox) : IClassFixture<SandboxTestFixture>, IDisposable
{
    private SandboxApi Api => sandbox.Api;

    private SandboxFaultOptions Faults => sandbox.Faults;

    public void Dispose() => Faults.Reset();

    private int PurchaseCount => sandbox.Server.ListPurchases().Count;

    [Theory]
    [InlineData(500, "SERVER_ERROR")]
    [InlineData(502, "SERVER_ERROR")]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(504, "SERVER_ERROR")]
    public async Task ServerErrorRate_answers_the_chosen_status_before_any_work(int status, string code)
    {
        var body = await Api.EasySubmitAsync(50m);
        var before = PurchaseCount;
        Faults.ServerErrorStatuses = [status];
        Faults.ServerErrorRate = 1.0;

        var submit = await Api.SubmitAsync(body);
        var read = await Api.GetAsync("api/v1/vcn?companyDetail=RCN");

        Assert.Equal((status, code), (submit.Code, submit.ErrorCode));
        Assert.Equal(status, read.Code);
        Assert.Equal(status == 503, submit.RetryAfter is not null);
        Assert.Equal(before, PurchaseCount);
    }

    [Fact]
    public async Task RateLimitBurstRate_starts_a_burst_of_RateLimitBurstLength_calls()
    {
        await Api.GetAsync("api/v1/vcn?companyDetail=RCN"); // the token first
        Faults.RateLimitBurstLength = 3;
        Faults.RateLimitBurstRate = 1.0;

        var first = await Api.GetAsync("api/v1/vcn?companyDetail=RCN");
        Faults.RateLimitBurstRate = 0; // the burst started goes on without the rate
        var second = await Api.GetAsync("api/v1/vcn?companyDetail=RCN");
        var third = await Api.GetAsync("api/v1/vcn?companyDetail=RCN");
        var fourth = await Api.GetAsync("api/v1/vcn?companyDetail=RCN");

        Assert.Equal([429, 429, 429, 200], new[] { first.Code, second.Code, third.Code, fourth.Code });
        Assert.Equal("RATE_LIMITED", first.ErrorCode);
        Assert.Equal("1", first.RetryAfter);
        Assert.Equal(0, Faults.RateLimitBurst);
    }

    [Fact]
    public async Task RateLimitBurst_counts_down_the_next_calls()
    {
        await Api.GetAsync("api/v1/vcn?companyDetail=RCN");
        Faults.RateLimitBurst = 2;

        var codes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((await Api.GetAsync("api/v1/vcn?companyDetail=RCN")).Code);
        }

        Assert.Equal([429, 429, 200], codes);
    }

    [Fact]
    public async Task AnswerLostAfterCommitRate_drops_the_connection_after_the_card_was_made()
    {
        var body = await Api.EasySubmitAsync(51m, "PO-RATE-LOST");
        var key = Guid.NewGuid().ToString();
        var before = PurchaseCount;
        Faults.AnswerLostAfterCommitRate = 1.0;

        await Assert.ThrowsAsync<HttpRequestException>(() => Api.SubmitAsync(body, key));
        var replay = await Api.SubmitAsync(body, key); // a replay is not a fresh write: its answer is never lost

        Assert.Equal(before + 1, PurchaseCount);
        Assert.True(replay.Replayed);
        Assert.Equal("PO-RATE-LOST", sandbox.Server.ListPurchases().Single(p => p.PurchaseId == replay.PurchaseId).Reference);
    }

    [Fact]
    public async Task TimeoutAfterCommitCount_holds_an_update_that_was_applied()
    {
        var created = await Api.SubmitAsync(await Api.EasySubmitAsync(100m));
        Faults.TimeoutAfterCommitCount = 1;

        var error = await Held.GiveUpAfterCommitAsync(
            token => Api.SendAsync(HttpMethod.Post, $"api/v1/vcn/{created.PurchaseId}/update", """{"amount": 175.00}""", null, null, token),
            () => sandbox.Server.ListPurchases().Single(p => p.PurchaseId == created.PurchaseId).Amount == 175m);

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(0, Faults.TimeoutAfterCommitCount);
    }

    [Fact]
    public async Task TimeoutAfterCommitCount_holds_a_cancel_that_was_applied()
    {
        var created = await Api.SubmitAsync(await Api.EasySubmitAsync(100m));
        Faults.TimeoutAfterCommitCount = 1;

        var error = await Held.GiveUpAfterCommitAsync(
            token => Api.SendAsync(HttpMethod.Post, "api/v1/vcn/cancel", $$"""{"purchaseIds": [{{created.PurchaseId}}]}""", null, null, token),
            () => sandbox.Server.ListPurchases().Single(p => p.PurchaseId == created.PurchaseId).Status == "CANCELLED");

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(0, Faults.TimeoutAfterCommitCount);
    }

    [Fact]
    public async Task Details_answer_404_for_the_lag_after_a_create_and_after_an_update()
    {
        Faults.ReadAfterWriteLagSeconds = 5;
        var created = await Api.SubmitAsync(await Api.EasySubmitAsync(100m));

        var rightAfter = await Api.PurchaseAsync(created.PurchaseId);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(4.9));
        var almost = await Api.PurchaseAsync(created.PurchaseId);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(0.1));
        var visible = await Api.PurchaseAsync(created.PurchaseId);
        await Api.UpdateAsync(created.PurchaseId, new { amount = 120m });
        var afterUpdate = await Api.PurchaseAsync(created.PurchaseId);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(5));
        var updated = await Api.PurchaseAsync(created.PurchaseId);

        Assert.Equal((404, "NOT_FOUND"), (rightAfter.Code, rightAfter.ErrorCode));
        Assert.Equal(404, almost.Code);
        Assert.Equal(HttpStatusCode.OK, visible.Status);
        Assert.Equal(404, afterUpdate.Code);
        Assert.Equal(120m, updated.Body.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task FailCancelOf_answers_FAILED_for_that_id_only_and_changes_nothing()
    {
        var failing = await Api.SubmitAsync(await Api.EasySubmitAsync(60m));
        var other = await Api.SubmitAsync(await Api.EasySubmitAsync(61m));
        Faults.FailCancelOf(failing.PurchaseId);

        var answer = await Api.CancelAsync(null, "withdrawn", failing.PurchaseId, other.PurchaseId);
        var failed = answer.Body.GetProperty("results")[0];
        var stillActive = sandbox.Server.ListPurchases().Single(p => p.PurchaseId == failing.PurchaseId).Status;
        Faults.ClearScript();
        var retried = await Api.CancelAsync(null, "withdrawn", failing.PurchaseId);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(failed.GetProperty("message").GetString()));
        Assert.Equal("CANCELLED", answer.Body.GetProperty("results")[1].GetProperty("status").GetString());
        Assert.Equal("ACTIVE", stillActive);
        Assert.Equal("CANCELLED", retried.Body.GetProperty("results")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancelItemFailureRate_fails_cancellable_ids_but_not_unknown_or_cancelled_ones()
    {
        var card = await Api.SubmitAsync(await Api.EasySubmitAsync(62m));
        var cancelled = await Api.SubmitAsync(await Api.EasySubmitAsync(63m));
        await Api.CancelAsync(null, "before", cancelled.PurchaseId);
        Faults.CancelItemFailureRate = 1.0;

        var results = (await Api.CancelAsync(null, "rate", card.PurchaseId, cancelled.PurchaseId, 7)).Body.GetProperty("results");

        Assert.Equal<string>(["FAILED", "ALREADY_CANCELLED", "NOT_FOUND"],
            [.. results.EnumerateArray().Select(r => r.GetProperty("status").GetString()!)]);
        Assert.Equal("ACTIVE", sandbox.Server.ListPurchases().Single(p => p.PurchaseId == card.PurchaseId).Status);
    }

    [Fact]
    public async Task FailNextReports_makes_the_next_report_end_FAILED_and_the_one_after_READY()
    {
        var today = (await Api.EasySubmitAsync()).ValidFrom;
        Faults.FailNextReports = 1;

        var failing = (await Api.PostAsync("api/v1/vcn/report", new { from = today, to = today })).Body.GetProperty("reportId").GetInt64();
        var fine = (await Api.PostAsync("api/v1/vcn/report", new { from = today, to = today })).Body.GetProperty("reportId").GetInt64();
        var stillPending = await Api.GetAsync($"api/v1/vcn/report?reportId={failing}");
        sandbox.Clock.Advance(TimeSpan.FromSeconds(3));
        var failed = await Api.GetAsync($"api/v1/vcn/report?reportId={failing}");
        var ready = await Api.GetAsync($"api/v1/vcn/report?reportId={fine}");

        Assert.Equal("PENDING", stillPending.Body.GetProperty("status").GetString());
        Assert.Equal("FAILED", failed.Body.GetProperty("status").GetString());
        Assert.Equal(0, failed.Body.GetProperty("totalRows").GetInt32());
        Assert.Equal("READY", ready.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReportFailureRate_of_1_fails_every_report()
    {
        var today = (await Api.EasySubmitAsync()).ValidFrom;
        Faults.ReportFailureRate = 1.0;

        var reportId = (await Api.PostAsync("api/v1/vcn/report", new { from = today, to = today })).Body.GetProperty("reportId").GetInt64();
        sandbox.Clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal("FAILED", (await Api.GetAsync($"api/v1/vcn/report?reportId={reportId}")).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Faults_never_touch_the_token_endpoint()
    {
        Faults.ServerErrorRate = 1.0;
        Faults.RateLimitBurst = 5;

        Assert.False(string.IsNullOrEmpty(await Api.Raw.GetTokenAsync()));
        Assert.Equal(5, Faults.RateLimitBurst);
    }
}
