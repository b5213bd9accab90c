using System.Net;
using ClaraPortal.Sandbox.Tests.Infrastructure;

namespace ClaraPortal.Sandbox.Tests;

/// <summary>The wire contract as a raw client sees it: shapes, statuses and per-id results.</summary>
public sealed class ContractTests(SandboxTestFixture sandbox) : IClassFixture<SandboxTestFixture>, IDisposable
{
    private SandboxApi Api => sandbox.Api;

    public void Dispose() => sandbox.Faults.Reset();

    [Fact]
    public async Task The_catalog_lists_rcns_templates_and_suppliers_and_companyDetail_narrows_it()
    {
        var all = await Api.GetAsync("api/v1/vcn?companyDetail=ALL");
        var rcnsOnly = await Api.GetAsync("api-test/v1/vcn?companyDetail=RCN");
        var bad = await Api.GetAsync("api/v1/vcn?companyDetail=EVERYTHING");

        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.NotEqual(0, all.Body.GetProperty("rcns").GetArrayLength());
        Assert.NotEqual(0, all.Body.GetProperty("templates").GetArrayLength());
        Assert.Equal(300, all.Body.GetProperty("suppliers").GetArrayLength());
        Assert.Equal(all.Body.GetProperty("rcns").GetArrayLength(), rcnsOnly.Body.GetProperty("rcns").GetArrayLength());
        Assert.Equal(0, rcnsOnly.Body.GetProperty("suppliers").GetArrayLength());
        Assert.Equal((400, "VALIDATION_ERROR"), (bad.Code, bad.ErrorCode));
    }

    [Fact]
    public async Task Submit_answers_201_with_the_card_once_and_details_hide_it_unless_revealed()
    {
        var body = await Api.EasySubmitAsync(1234.50m, "PO-SHAPE");

        var created = await Api.SubmitAsync(body);
        var details = await Api.PurchaseAsync(created.PurchaseId);
        var revealed = await Api.PurchaseAsync(created.PurchaseId, reveal: true);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var card = created.Body;
        Assert.Equal("ACTIVE", card.GetProperty("status").GetString());
        Assert.Equal(1234.50m, card.GetProperty("amount").GetDecimal());
        Assert.Equal(1234.50m, card.GetProperty("available").GetDecimal());
        Assert.Equal(0m, card.GetProperty("spent").GetDecimal());
        Assert.Equal(body.Currency, card.GetProperty("currency").GetString());
        Assert.Equal("PO-SHAPE", card.GetProperty("reference").GetString());
        var number = card.GetProperty("cardNumber").GetString()!;
        Assert.Matches("^[0-9]{16}$", number);
        Assert.Matches("^[0-9]{3}$", card.GetProperty("cvv").GetString()!);
        Assert.Equal(number[^4..], card.GetProperty("last4").GetString());
        Assert.Matches("^[0-9]{2}/[0-9]{2}$", card.GetProperty("expirationDate").GetString()!);
        Assert.EndsWith("Z", card.GetProperty("createdAt").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, details.Status);
        Assert.False(details.Body.TryGetProperty("cardNumber", out var hidden) && hidden.ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.DoesNotContain(number, details.Text, StringComparison.Ordinal);
        Assert.Equal(number, revealed.Body.GetProperty("cardNumber").GetString());
        Assert.Contains(sandbox.Server.ListPurchases(), p => p.PurchaseId == created.PurchaseId && p.Reference == "PO-SHAPE" && p.Amount == 1234.50m);
    }

    [Fact]
    public async Task Submit_refuses_unknown_ids_with_404_and_broken_rules_with_422_and_creates_nothing()
    {
        var body = await Api.EasySubmitAsync();
        var before = sandbox.Server.ListPurchases().Count;

        var unknown = await Api.SubmitAsync(body with { TemplateId = 1 });
        var zero = await Api.SubmitAsync(body with { Amount = 0m });

        Assert.Equal((404, "NOT_FOUND"), (unknown.Code, unknown.ErrorCode));
        Assert.Equal((422, "B001"), (zero.Code, zero.ErrorCode));
        Assert.Equal(before, sandbox.Server.ListPurchases().Count);
    }

    [Fact]
    public async Task Update_changes_the_limit_and_keeps_the_card_number()
    {
        var created = await Api.SubmitAsync(await Api.EasySubmitAsync(100m));

        var updated = await Api.UpdateAsync(created.PurchaseId, new { amount = 250.75m });
        var revealed = await Api.PurchaseAsync(created.PurchaseId, reveal: true);

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(250.75m, updated.Body.GetProperty("amount").GetDecimal());
        Assert.DoesNotContain(created.Body.GetProperty("cardNumber").GetString()!, updated.Text, StringComparison.Ordinal);
        Assert.Equal(created.Body.GetProperty("cardNumber").GetString(), revealed.Body.GetProperty("cardNumber").GetString());
        Assert.Equal(250.75m, sandbox.Server.ListPurchases().Single(p => p.PurchaseId == created.PurchaseId).Amount);
    }

    [Fact]
    public async Task Cancel_answers_one_result_per_id_and_a_cancelled_card_cannot_be_updated()
    {
        var created = await Api.SubmitAsync(await Api.EasySubmitAsync(100m));

        var first = await Api.CancelAsync(null, "Order withdrawn", created.PurchaseId, 42);
        var second = await Api.CancelAsync(null, "again", created.PurchaseId);
        var update = await Api.UpdateAsync(created.PurchaseId, new { amount = 50m });
        var tooMany = await Api.CancelAsync(null, "too many", [.. Enumerable.Range(1, 51).Select(i => (long)i)]);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        var results = first.Body.GetProperty("results");
        Assert.Equal("CANCELLED", results[0].GetProperty("status").GetString());
        Assert.Equal(42, results[1].GetProperty("purchaseId").GetInt64());
        Assert.Equal("NOT_FOUND", results[1].GetProperty("status").GetString());
        Assert.Equal("ALREADY_CANCELLED", second.Body.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal((422, "B015"), (update.Code, update.ErrorCode));
        Assert.Equal(400, tooMany.Code);
        Assert.Equal("CANCELLED", sandbox.Server.ListPurchases().Single(p => p.PurchaseId == created.PurchaseId).Status);
    }

    [Fact]
    public async Task A_report_goes_from_PENDING_through_PROCESSING_to_READY_with_the_charges_as_rows()
    {
        var body = await Api.EasySubmitAsync(500m);
        var created = await Api.SubmitAsync(body);
        await Api.ChargeAsync(created.PurchaseId, 99.50m, body.Currency);
        var today = body.ValidFrom;

        var started = await Api.PostAsync("api/v1/vcn/report", new { from = today, to = today, type = "CLEARING" });
        var reportId = started.Body.GetProperty("reportId").GetInt64();
        var pending = await Api.GetAsync($"api/v1/vcn/report?reportId={reportId}&from=1&to=100");
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1.5));
        var processing = await Api.GetAsync($"api/v1/vcn/report?reportId={reportId}&from=1&to=100");
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1.5));
        var ready = await Api.GetAsync($"api/v1/vcn/report?reportId={reportId}&from=1&to=100");

        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        Assert.Equal("PENDING", started.Body.GetProperty("status").GetString());
        Assert.Equal("PENDING", pending.Body.GetProperty("status").GetString());
        Assert.Equal("PROCESSING", processing.Body.GetProperty("status").GetString());
        Assert.InRange(processing.Body.GetProperty("progress").GetDecimal(), 0.01m, 0.99m);
        Assert.Equal("READY", ready.Body.GetProperty("status").GetString());
        Assert.Equal(1.0m, ready.Body.GetProperty("progress").GetDecimal());
        var row = Assert.Single(ready.Body.GetProperty("rows").EnumerateArray(), r => r.GetProperty("purchaseId").GetInt64() == created.PurchaseId);
        Assert.Equal(99.50m, row.GetProperty("amount").GetDecimal());
        Assert.Equal("CHARGE", row.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_report_is_gone_7_days_after_it_was_created()
    {
        var today = (await Api.EasySubmitAsync()).ValidFrom;
        var started = await Api.PostAsync("api/v1/vcn/report", new { from = today, to = today, type = "AUTHORIZATION" });
        var reportId = started.Body.GetProperty("reportId").GetInt64();

        sandbox.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Api.RenewToken(); // the clock moved past the token's hour
        var lastDay = await Api.GetAsync($"api/v1/vcn/report?reportId={reportId}");
        sandbox.Clock.Advance(TimeSpan.FromMinutes(1));
        var gone = await Api.GetAsync($"api/v1/vcn/report?reportId={reportId}");
        Api.RenewToken();

        Assert.Equal("READY", lastDay.Body.GetProperty("status").GetString());
        Assert.Equal((404, "NOT_FOUND"), (gone.Code, gone.ErrorCode));
    }
}
