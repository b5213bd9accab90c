using System.Net;
using ClaraPortal.Sandbox.Tests.Infrastructure;

namespace ClaraPortal.Sandbox.Tests;

/// <summary>
/// Each scripted fault tells the truth: "before work" changes nothing and stores nothing under the key; "after commit"
/// does the work, stores the real answer, and only this caller is misled, so a replay finds the card.
/// </summary>
public sealed class ScriptedFaultTests(SandboxTestFixture sandbox) : IClassFixture<SandboxTestFixture>, IDisposable
{
    private SandboxApi Api => sandbox.Api;

    private SandboxFaultOptions Faults => sandbox.Faults;

    public void Dispose() => Faults.Reset();

    private static string NewKey() => Guid.NewGuid().ToString();

    private int PurchaseCount => sandbox.Server.ListPurchases().Count;

    [Theory]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(429, "RATE_LIMITED")]
    [InlineData(500, "SERVER_ERROR")]
    public async Task A_status_before_work_creates_nothing_and_stores_nothing_under_the_key(int status, string code)
    {
        var body = await Api.EasySubmitAsync(40m);
        var key = NewKey();
        var before = PurchaseCount;
        Faults.RetryAfterSeconds = 7;
        Faults.Enqueue(SandboxOperation.Submit, SandboxFault.Status(status));

        var faulted = await Api.SubmitAsync(body, key);
        var countAfterFault = PurchaseCount;
        var retried = await Api.SubmitAsync(body, key);

        Assert.Equal((status, code), (faulted.Code, faulted.ErrorCode));
        Assert.Equal(status is 429 or 503 ? "7" : null, faulted.RetryAfter);
        Assert.Equal(before, countAfterFault);
        Assert.Equal(HttpStatusCode.Created, retried.Status);
        Assert.False(retried.Replayed); // nothing was stored: the retry is the first real call
        Assert.Equal(before + 1, PurchaseCount);
    }

    [Theory]
    [InlineData(500, "Internal error (injected)")]
    [InlineData(502, "Bad gateway")]
    [InlineData(504, "Gateway timeout")]
    public async Task A_status_after_commit_creates_the_card_and_a_replay_returns_it(int status, string message)
    {
        var body = await Api.EasySubmitAsync(41m);
        var key = NewKey();
        var before = sandbox.Server.ListPurchases().Select(p => p.PurchaseId).ToHashSet();
        Faults.Enqueue(SandboxOperation.Submit, SandboxFault.StatusAfterCommit(status));

        var faulted = await Api.SubmitAsync(body, key);
        var created = Assert.Single(sandbox.Server.ListPurchases(), p => !before.Contains(p.PurchaseId));
        var replay = await Api.SubmitAsync(body, key);

        Assert.Equal((status, "SERVER_ERROR"), (faulted.Code, faulted.ErrorCode));
        Assert.Equal(message, faulted.Body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.True(replay.Replayed);
        Assert.Equal(created.PurchaseId, replay.PurchaseId);
        Assert.Equal(41m, created.Amount);
    }

    [Fact]
    public async Task A_lost_answer_is_a_transport_error_after_the_card_was_made()
    {
        var body = await Api.EasySubmitAsync(42m, "PO-LOST");
        var key = NewKey();
        var before = PurchaseCount;
        Faults.Enqueue(SandboxOperation.Submit, SandboxFault.LostAfterCommit);

        await Assert.ThrowsAsync<HttpRequestException>(() => Api.SubmitAsync(body, key));
        var created = sandbox.Server.ListPurchases()[^1];
        var replay = await Api.SubmitAsync(body, key);

        Assert.Equal(before + 1, PurchaseCount);
        Assert.Equal("PO-LOST", created.Reference);
        Assert.Equal(created.PurchaseId, replay.PurchaseId);
        Assert.True(replay.Replayed);
    }

    [Fact]
    public async Task A_held_answer_never_comes_but_the_card_exists_and_the_key_resolves_it()
    {
        var body = await Api.EasySubmitAsync(43m, "PO-HELD");
        var key = NewKey();
        var before = PurchaseCount;
        Faults.Enqueue(SandboxOperation.Submit, SandboxFault.HangAfterCommit);

        var error = await Held.GiveUpAfterCommitAsync(
            token => Api.SendAsync(HttpMethod.Post, "api/v1/vcn/submit", System.Text.Json.JsonSerializer.Serialize(body, SandboxApi.Json), key, null, token),
            () => PurchaseCount == before + 1);
        var replay = await Api.SubmitAsync(body, key);

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(before + 1, PurchaseCount);
        Assert.Equal("PO-HELD", sandbox.Server.ListPurchases()[^1].Reference);
        Assert.Equal(sandbox.Server.ListPurchases()[^1].PurchaseId, replay.PurchaseId);
    }

    [Fact]
    public async Task Submit_500_after_commit_then_429_then_the_replay_of_the_first_card()
    {
        var body = await Api.EasySubmitAsync(44m);
        var key = NewKey();
        Faults.Enqueue(SandboxOperation.Submit, SandboxFault.StatusAfterCommit(500));
        Faults.Enqueue(SandboxOperation.Submit, SandboxFault.Status(429));

        var first = await Api.SubmitAsync(body, key);
        var second = await Api.SubmitAsync(body, key);
        var third = await Api.SubmitAsync(body, key);
        var fourth = await Api.SubmitAsync(body, NewKey());

        Assert.Equal([500, 429, 201, 201], new[] { first.Code, second.Code, third.Code, fourth.Code });
        Assert.True(third.Replayed);
        Assert.Equal(third.PurchaseId + 1, fourth.PurchaseId); // nothing was created in between
        Assert.Equal(0, Faults.PendingScriptedFaults);
    }

    [Fact]
    public async Task Submit_held_after_commit_then_503_then_the_replay_of_the_first_card()
    {
        var body = await Api.EasySubmitAsync(45m);
        var key = NewKey();
        var before = PurchaseCount;
        Faults.Enqueue(SandboxOperation.Submit, SandboxFault.HangAfterCommit);
        Faults.Enqueue(SandboxOperation.Submit, SandboxFault.Status(503));

        var error = await Held.GiveUpAfterCommitAsync(
            token => Api.SendAsync(HttpMethod.Post, "api/v1/vcn/submit", System.Text.Json.JsonSerializer.Serialize(body, SandboxApi.Json), key, null, token),
            () => PurchaseCount == before + 1);
        var second = await Api.SubmitAsync(body, key);
        var third = await Api.SubmitAsync(body, key);

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(503, second.Code);
        Assert.Equal(201, third.Code);
        Assert.True(third.Replayed);
        Assert.Equal(before + 1, PurchaseCount);
    }

    [Fact]
    public async Task Faults_go_to_the_operation_they_were_queued_for_and_Any_to_the_next_call()
    {
        var body = await Api.EasySubmitAsync(46m);
        Faults.Enqueue(SandboxOperation.Read, SandboxFault.Status(503));
        Faults.Enqueue(SandboxOperation.Any, SandboxFault.Status(502));

        var submit = await Api.SubmitAsync(body);   // skips the Read entry, takes Any
        var submitAgain = await Api.SubmitAsync(body);
        var read = await Api.PurchaseAsync(submitAgain.PurchaseId);

        Assert.Equal(502, submit.Code);
        Assert.Equal(201, submitAgain.Code);
        Assert.Equal(503, read.Code);
        Faults.Enqueue(SandboxOperation.Cancel, SandboxFault.Status(500));
        Faults.ClearScript();
        Assert.Equal(0, Faults.PendingScriptedFaults);
        Assert.Equal(200, (await Api.CancelAsync(null, "clean", submitAgain.PurchaseId)).Code);
    }

    [Fact]
    public async Task An_update_answered_502_after_commit_was_applied()
    {
        var created = await Api.SubmitAsync(await Api.EasySubmitAsync(100m));
        Faults.Enqueue(SandboxOperation.Update, SandboxFault.StatusAfterCommit(502));

        var faulted = await Api.UpdateAsync(created.PurchaseId, new { amount = 180m });

        Assert.Equal(502, faulted.Code);
        Assert.Equal(180m, sandbox.Server.ListPurchases().Single(p => p.PurchaseId == created.PurchaseId).Amount);
    }

    [Fact]
    public async Task A_cancel_whose_answer_is_lost_still_cancelled_and_the_key_replays_the_results()
    {
        var created = await Api.SubmitAsync(await Api.EasySubmitAsync(100m));
        var key = NewKey();
        Faults.Enqueue(SandboxOperation.Cancel, SandboxFault.LostAfterCommit);

        await Assert.ThrowsAsync<HttpRequestException>(() => Api.CancelAsync(key, "lost", created.PurchaseId));
        var replay = await Api.CancelAsync(key, "lost", created.PurchaseId);

        Assert.Equal("CANCELLED", sandbox.Server.ListPurchases().Single(p => p.PurchaseId == created.PurchaseId).Status);
        Assert.True(replay.Replayed);
        Assert.Equal("CANCELLED", replay.Body.GetProperty("results")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_report_start_answered_504_after_commit_made_the_report()
    {
        var today = (await Api.EasySubmitAsync()).ValidFrom;
        var key = NewKey();
        Faults.Enqueue(SandboxOperation.ReportStart, SandboxFault.StatusAfterCommit(504));

        var faulted = await Api.PostAsync("api/v1/vcn/report", new { from = today, to = today }, key);
        var replay = await Api.PostAsync("api/v1/vcn/report", new { from = today, to = today }, key);
        var poll = await Api.GetAsync($"api/v1/vcn/report?reportId={replay.Body.GetProperty("reportId").GetInt64()}");

        Assert.Equal(504, faulted.Code);
        Assert.Equal(HttpStatusCode.Accepted, replay.Status);
        Assert.Equal(HttpStatusCode.OK, poll.Status);
    }

    [Fact]
    public void Only_error_statuses_can_be_scripted()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SandboxFault.Status(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => SandboxFault.StatusAfterCommit(302));
    }
}
