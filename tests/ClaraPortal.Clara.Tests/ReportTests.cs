using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;

namespace ClaraPortal.Clara.Tests;

public sealed class ReportTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly ClaraClient _client = sandbox.Client;

    [Fact]
    public async Task A_report_is_polled_until_ready_and_read_page_by_page()
    {
        var catalog = await _client.GetCatalogAsync();
        var card = await _client.SubmitAsync(CatalogPicks.EasyRequest(catalog, 5000m), CatalogPicks.NewKey());
        using var raw = sandbox.Raw();
        var token = await raw.GetTokenAsync();
        await raw.ChargeAsync(token, card.PurchaseId, 100.10m, card.Currency, "AWS EMEA", "7372");
        await raw.ChargeAsync(token, card.PurchaseId, 200.20m, card.Currency, "Google Cloud", "4816");
        await raw.ChargeAsync(token, card.PurchaseId, 300.30m, card.Currency, "Office Depot", "5943");

        var details = await _client.GetPurchaseAsync(card.PurchaseId);
        Assert.Equal(3, details.Transactions.Count);
        Assert.Equal(600.60m, details.Spent);

        var started = await _client.StartReportAsync(new ReportRequest(CatalogPicks.Today.AddDays(-1), CatalogPicks.Today.AddDays(1), ReportType.Authorization));
        Assert.True(started.ReportId > 0);

        var first = await PollUntilReadyAsync(started.ReportId);
        Assert.Equal(1.0m, first.Progress);
        Assert.True(first.TotalRows >= 3);

        var rows = new List<CardTransaction>();
        for (var from = 1; from <= first.TotalRows; from += 2)
        {
            var page = await _client.GetReportPageAsync(started.ReportId, from, Math.Min(from + 1, first.TotalRows));
            Assert.True(page.Rows.Count <= 2);
            rows.AddRange(page.Rows);
        }

        Assert.Equal(first.TotalRows, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.TransactionId).Distinct().Count());
        var ours = rows.Where(r => r.PurchaseId == card.PurchaseId).ToList();
        Assert.Equal([100.10m, 200.20m, 300.30m], ours.Select(r => r.Amount).Order());
        Assert.Contains(ours, r => r.MerchantName == "AWS EMEA" && r.Mcc == "7372");
    }

    [Fact]
    public async Task Unknown_report_is_404_and_page_bounds_are_checked_before_any_call()
    {
        var error = await Assert.ThrowsAsync<ClaraApiException>(() => _client.GetReportPageAsync(42, 1, 10));
        Assert.Equal(404, error.StatusCode);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.GetReportPageAsync(42, 0, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.GetReportPageAsync(42, 1, 101));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.StartReportAsync(new ReportRequest(CatalogPicks.Today, CatalogPicks.Today.AddDays(-1), ReportType.Clearing)));
    }

    /// <summary>Polls with a growing pause, as the contract asks; the bound only stops a broken server from hanging the run.</summary>
    private async Task<ReportPage> PollUntilReadyAsync(long reportId)
    {
        var pause = TimeSpan.FromMilliseconds(100);
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var page = await _client.GetReportPageAsync(reportId, 1, 1);
            Assert.NotEqual(ReportStatus.Failed, page.Status);
            if (page.IsReady)
            {
                return page;
            }

            Assert.InRange(page.Progress, 0m, 1m);
            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 1.5, 2000));
        }

        throw new Xunit.Sdk.XunitException($"Report {reportId} never became READY.");
    }
}
