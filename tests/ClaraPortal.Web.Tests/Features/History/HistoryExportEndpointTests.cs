using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Tests.Hosting;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClaraPortal.Web.Tests.Features.Cards.CardSeed;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>
/// <c>GET /history/export</c> on the whole portal over HTTP, signed in through the real code flow: the file, its headers,
/// a response streamed (not buffered), the audit event with who, the view, the rows and how it ended; other roles refused.
/// Each test exports its own cards (a reference of its own), as the class shares one portal.
/// </summary>
public sealed class HistoryExportEndpointTests(PortalServerFixture portal) : IClassFixture<PortalServerFixture>
{
    [Fact]
    public async Task An_auditor_downloads_the_views_cards_as_csv_and_the_export_is_audited()
    {
        var reference = await SeedAsync(5, usd: 2);
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "auditor");

        using var response = await browser.GetAsync(new Uri($"/history/export?format=csv&ref={reference}&currency=USD&sort=amount&dir=asc", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^history-cards-\d{4}-\d{2}-\d{2}\.csv$", disposition.FileName!.Trim('"'));
        // Streamed: the length is not known before the last row.
        Assert.Null(response.Content.Headers.ContentLength);
        var csv = ExportFiles.Csv(ExportFiles.CsvText(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(3, csv.Count);
        Assert.All(csv[1..], row => Assert.Equal("USD", row[6]));

        var audit = await LastExportAsync(reference);
        Assert.Equal("dev-auditor", audit.ActorId);
        Assert.Equal(HistoryExportAudit.EntityType, audit.EntityType);
        Assert.Equal("cards", audit.EntityId);
        using var after = JsonDocument.Parse(audit.AfterJson!);
        Assert.Equal(2, after.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal("completed", after.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("csv", after.RootElement.GetProperty("format").GetString());
        Assert.Equal("USD", after.RootElement.GetProperty("view").GetProperty("currency").GetString());
        Assert.Equal("amount", after.RootElement.GetProperty("view").GetProperty("sort").GetString());
    }

    [Fact]
    public async Task An_xlsx_download_is_a_workbook_with_a_row_per_card()
    {
        var reference = await SeedAsync(4, usd: 0);
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "auditor");

        using var response = await browser.GetAsync(new Uri($"/history/export?format=xlsx&ref={reference}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        var sheet = ExportFiles.Xlsx(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(5, sheet.Count);
        using var after = JsonDocument.Parse((await LastExportAsync(reference)).AfterJson!);
        Assert.Equal(4, after.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal("xlsx", after.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_download_the_browser_abandons_is_audited_as_cancelled()
    {
        var reference = await SeedAsync(HistoryQueries.ExportBatchSize * 10, usd: 0);
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "auditor");

        using (var response = await browser.GetAsync(new Uri($"/history/export?format=csv&ref={reference}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.ReadExactlyAsync(new byte[100]);
        }

        // Disposing the unread response closes the connection; the server writes the event once it notices.
        browser.Dispose();
        var audit = await LastExportAsync(reference);
        using var after = JsonDocument.Parse(audit.AfterJson!);
        Assert.Equal("cancelled", after.RootElement.GetProperty("outcome").GetString());
        Assert.InRange(after.RootElement.GetProperty("rows").GetInt64(), 0, HistoryQueries.ExportBatchSize * 10 - 1);
    }

    [Fact]
    public async Task An_issuer_is_refused_and_nothing_is_audited()
    {
        var reference = await SeedAsync(1, usd: 0);
        using var browser = portal.CreateBrowser(followRedirects: false);
        await SignInAsync(browser, "issuer");

        using var response = await browser.GetAsync(new Uri($"/history/export?format=csv&ref={reference}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Null(await FindExportAsync(reference));
    }

    [Fact]
    public async Task An_unknown_format_is_a_bad_request()
    {
        using var browser = portal.CreateBrowser();
        await SignInAsync(browser, "auditor");

        using var response = await browser.GetAsync(new Uri("/history/export?format=pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>Cards of the owner company with a reference of their own (returned, to filter by); <paramref name="usd"/> of them in USD.</summary>
    private async Task<string> SeedAsync(int count, int usd)
    {
        var reference = "EXP" + TestReferences.Unique()[..8].ToUpperInvariant();
        var owner = portal.Services.GetRequiredService<PortalCompanies>().Owner;
        await using var db = portal.Services.GetRequiredService<PortalDatabase>().For(owner);
        for (var i = 0; i < count; i++)
        {
            var card = Card("dev-issuer", 10m + i, currency: i < usd ? "USD" : "MXN", createdAt: Noon.AddSeconds(i), reference: $"{reference}-{i}");
            card.SupplierName = "Aerolínea Azul";
            card.TemplateName = "Compras Generales";
            card.FundingCardName = "Clara Card Black";
            db.CardPurchases.Add(card);
        }

        await db.SaveChangesAsync();
        return reference;
    }

    /// <summary>The export event of the view filtered by <paramref name="reference"/>, waited for (it is written once the response ends).</summary>
    private Task<AuditEvent> LastExportAsync(string reference) =>
        Eventually.FoundAsync(() => FindExportAsync(reference), $"{HistoryExportAudit.Action} event for the reference {reference}");

    private async Task<AuditEvent?> FindExportAsync(string reference)
    {
        var owner = portal.Services.GetRequiredService<PortalCompanies>().Owner;
        await using var db = portal.Services.GetRequiredService<PortalDatabase>().For(owner);
        return await db.AuditEvents.AsNoTracking()
            .Where(e => e.Action == HistoryExportAudit.Action && e.AfterJson!.Contains(reference))
            .OrderByDescending(e => e.Id)
            .FirstOrDefaultAsync();
    }

    private static async Task SignInAsync(HttpClient browser, string username)
    {
        var page = await PortalLogin.SignInAsync(browser, "/", username);
        Assert.True(page.IsSuccessStatusCode, $"Signing in as {username} ended with {page.StatusCode}.");
    }
}
