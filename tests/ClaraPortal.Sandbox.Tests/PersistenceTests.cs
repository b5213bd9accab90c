using System.Net;
using ClaraPortal.Sandbox.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Sandbox.Tests;

/// <summary>A sandbox with a SQLite file, stopped and started again on it: nothing is forgotten and no id is handed out twice.</summary>
public sealed class PersistenceTests
{
    [Fact]
    public async Task A_restarted_sandbox_keeps_purchases_keys_and_reports_and_goes_on_from_its_last_id()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await SandboxHarness.StartAsync(time: clock, persistent: true);
        var key = Guid.NewGuid().ToString();
        SubmitBody body;
        ApiAnswer first;
        long cancelledId, reportId;
        using (var api = new SandboxApi(harness))
        {
            body = await api.EasySubmitAsync(70m, "PO-KEPT");
            first = await api.SubmitAsync(body, key);
            cancelledId = (await api.SubmitAsync(body with { Reference = "PO-CANCELLED" })).PurchaseId;
            await api.CancelAsync(null, "restart test", cancelledId);
            reportId = (await api.PostAsync("api/v1/vcn/report", new { from = body.ValidFrom, to = body.ValidFrom })).Body.GetProperty("reportId").GetInt64();
        }

        var before = harness.Server.ListPurchases();
        await harness.RestartAsync();

        using var restarted = new SandboxApi(harness);
        var after = harness.Server.ListPurchases();
        var replay = await restarted.SubmitAsync(body, key);
        var next = await restarted.SubmitAsync(body with { Reference = "PO-AFTER" });
        clock.Advance(TimeSpan.FromSeconds(3));
        var report = await restarted.GetAsync($"api/v1/vcn/report?reportId={reportId}");
        var nextReport = (await restarted.PostAsync("api/v1/vcn/report", new { from = body.ValidFrom, to = body.ValidFrom })).Body.GetProperty("reportId").GetInt64();

        Assert.Equal(before, after);
        Assert.Equal(2, after.Count);
        Assert.Equal("CANCELLED", after.Single(p => p.PurchaseId == cancelledId).Status);
        Assert.True(replay.Replayed);
        Assert.Equal(first.Text, replay.Text);
        Assert.Equal(cancelledId + 1, next.PurchaseId);
        Assert.Equal("READY", report.Body.GetProperty("status").GetString());
        Assert.Equal(reportId + 1, nextReport);
    }

    [Fact]
    public async Task A_restart_never_reuses_the_id_of_a_deleted_report()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await SandboxHarness.StartAsync(time: clock, persistent: true);
        long onlyReport;
        string today;
        using (var api = new SandboxApi(harness))
        {
            today = (await api.EasySubmitAsync()).ValidFrom;
            onlyReport = (await api.PostAsync("api/v1/vcn/report", new { from = today, to = today })).Body.GetProperty("reportId").GetInt64();
            clock.Advance(TimeSpan.FromDays(8));
            api.RenewToken();
            Assert.Equal(404, (await api.GetAsync($"api/v1/vcn/report?reportId={onlyReport}")).Code); // its row is gone from the file
        }

        await harness.RestartAsync();
        using var restarted = new SandboxApi(harness);
        today = (await restarted.EasySubmitAsync()).ValidFrom;
        var next = (await restarted.PostAsync("api/v1/vcn/report", new { from = today, to = today })).Body.GetProperty("reportId").GetInt64();

        Assert.Equal(onlyReport + 1, next);
    }
}
