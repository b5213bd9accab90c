using System.Net;
using System.Text.Json;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Tests.Features.History;
using ClaraPortal.Web.Tests.Hosting;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>
/// <c>GET /reports/{id}/export</c> on the whole portal over HTTP, signed in through the real code flow: the filtered lines
/// as a file (headers in the reader's language, values invariant), streamed, audited as <c>report.exported</c>; another
/// company's report unknown, an unfinished one refused, other roles refused. Each test exports a report of its own.
/// </summary>
public sealed class ReportExportEndpointTests(PortalServerFixture portal) : IClassFixture<PortalServerFixture>
{
    [Fact]
    public async Task An_auditor_downloads_the_unmatched_lines_as_csv_and_the_export_is_audited()
    {
        var report = await SeedReadyReportAsync();
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "auditor");

        using var response = await browser.GetAsync(new Uri($"/reports/{report.Id}/export?format=csv&filter=unmatched", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("report-2026-11-01-2026-11-30-clearing-unmatched.csv", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        // Streamed: the length is not known before the last row.
        Assert.Null(response.Content.Headers.ContentLength);
        var csv = ExportFiles.Csv(ExportFiles.CsvText(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(
            ["Clara purchase id", "Card id", "Last four", "Supplier", "Reference", "Currency", "Limit", "Spent", "Refunded", "Declines",
             "Declined amount", "Difference", "Matched", "Over limit", "Transactions"],
            csv[0]);
        Assert.Equal(2, csv.Count);
        Assert.Equal(["99203", "", "", "", "", "USD", "", "60.00", "0.00", "0", "0.00", "", "false", "false", "1"], csv[1]);

        var audit = await ExportEventAsync(report.Id);
        Assert.Equal("dev-auditor", audit.ActorId);
        Assert.Equal(ReportAuditActions.ReportEntity, audit.EntityType);
        using var after = JsonDocument.Parse(audit.AfterJson!);
        Assert.Equal("csv", after.RootElement.GetProperty("format").GetString());
        Assert.Equal("unmatched", after.RootElement.GetProperty("filter").GetString());
        Assert.Equal(1, after.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal("completed", after.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task In_spanish_the_headers_speak_spanish_and_the_values_stay_invariant()
    {
        var report = await SeedReadyReportAsync();
        using var browser = portal.CreateBrowser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-MX");
        await SignInAsync(browser, "auditor");

        using var response = await browser.GetAsync(new Uri($"/reports/{report.Id}/export?format=csv&filter=over-limit", UriKind.Relative));

        var csv = ExportFiles.Csv(ExportFiles.CsvText(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal("Id de compra en Clara", csv[0][0]);
        Assert.Equal("Sobre el límite", csv[0][13]);
        Assert.Equal(["99202", "5678", "300.00", "450.00", "20.00", "2", "75.00", "-130.00", "true", "true"],
            [csv[1][0], csv[1][2], csv[1][6], csv[1][7], csv[1][8], csv[1][9], csv[1][10], csv[1][11], csv[1][12], csv[1][13]]);
    }

    [Fact]
    public async Task An_xlsx_download_is_a_workbook_with_numbers_and_yes_no_cells()
    {
        var report = await SeedReadyReportAsync();
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "issuer");

        using var response = await browser.GetAsync(new Uri($"/reports/{report.Id}/export?format=xlsx", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("report-2026-11-01-2026-11-30-clearing.xlsx", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var sheet = ExportFiles.Xlsx(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(4, sheet.Count);
        var overLimit = sheet[2];
        Assert.Equal("99202", overLimit[0].Value);
        Assert.False(overLimit[0].IsNumber);
        Assert.True(overLimit[11].IsNumber);
        Assert.Equal("-130", overLimit[11].Value);
        Assert.Equal(("b", "1"), (overLimit[13].Type, overLimit[13].Value));
        using var after = JsonDocument.Parse((await ExportEventAsync(report.Id)).AfterJson!);
        Assert.Equal(3, after.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal("all", after.RootElement.GetProperty("filter").GetString());
    }

    [Fact]
    public async Task Another_companys_report_is_not_found_and_nothing_is_audited()
    {
        var companies = portal.Services.GetRequiredService<PortalCompanies>();
        var theirs = await SeedReadyReportAsync(companies.All.Single(c => !c.IsOwner));
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "auditor");

        using var response = await browser.GetAsync(new Uri($"/reports/{theirs.Id}/export?format=csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await FindExportEventAsync(theirs.Id, companies.All.Single(c => !c.IsOwner)));
    }

    [Fact]
    public async Task An_unfinished_report_has_nothing_to_export_yet()
    {
        var report = await SeedAsync(ReportState.Fetching, lines: []);
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "auditor");

        using var response = await browser.GetAsync(new Uri($"/reports/{report.Id}/export?format=csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task An_approver_is_refused_and_nothing_is_audited()
    {
        var report = await SeedReadyReportAsync();
        using var browser = portal.CreateBrowser(followRedirects: false);
        await SignInAsync(browser, "approver");

        using var response = await browser.GetAsync(new Uri($"/reports/{report.Id}/export?format=csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Null(await FindExportEventAsync(report.Id));
    }

    [Fact]
    public async Task An_unknown_format_is_a_bad_request()
    {
        var report = await SeedReadyReportAsync();
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "auditor");

        using var response = await browser.GetAsync(new Uri($"/reports/{report.Id}/export?format=pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>A ready report of three purchases: one within its limit, one past it, one the portal does not know (USD).</summary>
    private Task<ReconciliationReport> SeedReadyReportAsync(PortalCompany? company = null) => SeedAsync(ReportState.Ready, company,
    [
        Line(99201, 100m, 500m, Guid.NewGuid(), "1234"),
        Line(99202, 450m, 300m, Guid.NewGuid(), "5678", refunded: 20m, declines: 2, declined: 75m),
        Line(99203, 60m, null, null, null, "USD"),
    ]);

    private async Task<ReconciliationReport> SeedAsync(ReportState state, PortalCompany? company = null, ReportLine[]? lines = null)
    {
        var now = DateTimeOffset.UtcNow;
        var report = new ReconciliationReport
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Kind = ReportKind.Clearing,
            From = new DateOnly(2026, 11, 1),
            To = new DateOnly(2026, 11, 30),
            State = state,
            RequestedBy = "dev-auditor",
            RequestedByName = "Aurora Auditor",
            CreatedAt = now,
            UpdatedAt = now,
            TotalRows = lines?.Length,
            FetchedRows = lines?.Length ?? 0,
        };
        await using var db = Database(company);
        db.Reports.Add(report);
        foreach (var line in lines ?? [])
        {
            line.ReportId = report.Id;
            db.ReportLines.Add(line);
        }

        await db.SaveChangesAsync();
        return report;
    }

    private static ReportLine Line(long purchaseId, decimal spent, decimal? limit, Guid? card, string? last4, string currency = "MXN",
        decimal refunded = 0m, int declines = 0, decimal declined = 0m) => new()
    {
        PurchaseId = purchaseId,
        Currency = currency,
        CardPurchaseId = card,
        Last4 = last4,
        SupplierName = card is null ? null : "Aerolínea Azul",
        Reference = card is null ? null : "PO-7",
        Limit = limit,
        Spent = spent,
        Refunded = refunded,
        Declines = declines,
        DeclinedAmount = declined,
        Difference = limit - (spent - refunded),
        Matched = card is not null,
        OverLimit = limit is { } l && spent - refunded > l,
        Transactions = 1,
    };

    private PortalDbContext Database(PortalCompany? company = null) =>
        portal.Services.GetRequiredService<PortalDatabase>().For(company ?? portal.Services.GetRequiredService<PortalCompanies>().Owner);

    /// <summary>The report's export event, waited for (it is written once the response ends).</summary>
    private Task<AuditEvent> ExportEventAsync(Guid reportId) =>
        Eventually.FoundAsync(() => FindExportEventAsync(reportId), $"{ReportAuditActions.Exported} event for the report {reportId}");

    private async Task<AuditEvent?> FindExportEventAsync(Guid reportId, PortalCompany? company = null)
    {
        await using var db = Database(company);
        var id = reportId.ToString();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Action == ReportAuditActions.Exported && e.EntityId == id).SingleOrDefaultAsync();
    }

    private static async Task SignInAsync(HttpClient browser, string username)
    {
        var page = await PortalLogin.SignInAsync(browser, "/", username);
        Assert.True(page.IsSuccessStatusCode, $"Signing in as {username} ended with {page.StatusCode}.");
    }
}
