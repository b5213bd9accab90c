using System.Globalization;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Exports;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using static ClaraPortal.Web.Tests.Features.Cards.CardSeed;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>
/// The exporter on a real SQLite file: what the CSV and XLSX files hold (headers, ISO UTC times, numeric amounts with
/// their currency apart, the formula guard, the view's filter and order), and that rows leave as they are read.
/// </summary>
public sealed class HistoryExporterTests : IAsyncLifetime
{
    private static readonly IStringLocalizer<SharedResource> Localizer =
        new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();

    private static readonly string[] CardHeaders =
    [
        "Created (UTC)", "Issuer", "Supplier", "Template", "Funding card", "Amount", "Currency", "Status", "Approval",
        "Approvals given", "Approvals required", "Approvers", "Clara id", "Last four", "Reference", "Card id",
    ];

    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private HistoryQueries Queries() => new(_database, PortalServices.CurrentUser(TestUsers.InRole(PortalRoles.Auditor)), TimeZoneInfo.Utc);

    private HistoryExporter Exporter() => new(Queries(), Localizer, NullLogger<HistoryExporter>.Instance);

    [Fact]
    public async Task A_csv_has_the_header_iso_utc_times_invariant_amounts_and_the_currency_in_its_own_column()
    {
        var card = Named(Card("dev-issuer", 1234.5m, createdAt: new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.FromHours(-6)), last4: "0042", reference: "PO-77"));
        var dollars = Named(Card("dev-admin", 99.1234m, currency: "USD", createdAt: Noon.AddDays(-1), reference: "INV, \"quoted\""));
        await AddAsync(_database, card, dollars);
        await AddApprovalAsync(card, ApprovalStatus.Approved, given: 2, required: 2, "Alma Approver", "Adrian Admin");

        // A culture that writes 1.234,50: the file must not follow it.
        using var culture = new CultureScope("de-DE");
        var csv = ExportFiles.Csv(ExportFiles.CsvText(await CsvAsync(new HistoryView())));

        Assert.Equal(CardHeaders, csv[0]);
        Assert.Equal(3, csv.Count);
        Assert.Equal(
            ["2026-11-20T12:00:00Z", "Isabel Issuer", "Aerolínea Azul", "Compras Generales", "Clara Card Black", "1234.50", "MXN", "Active",
             "Approved", "2", "2", "Alma Approver; Adrian Admin", card.ClaraPurchaseId!.Value.ToString(CultureInfo.InvariantCulture), "0042", "PO-77", card.Id.ToString()],
            csv[1]);
        Assert.Equal(["2026-11-19T12:00:00Z", "Adrian Admin", "99.1234", "USD", "", "", "", "", "INV, \"quoted\""],
            [csv[2][0], csv[2][1], csv[2][5], csv[2][6], csv[2][8], csv[2][9], csv[2][10], csv[2][11], csv[2][14]]);
    }

    [Fact]
    public async Task Headers_are_in_the_users_language_and_values_stay_data()
    {
        await AddAsync(_database, Named(Card("dev-issuer", 10m)));

        using var culture = new CultureScope("es-MX");
        var csv = ExportFiles.Csv(ExportFiles.CsvText(await CsvAsync(new HistoryView())));

        Assert.Equal(["Creada (UTC)", "Emisor", "Proveedor", "Plantilla", "Tarjeta de fondeo", "Monto", "Moneda", "Estado"], csv[0][..8]);
        Assert.Equal(["10.00", "MXN", "Active"], csv[1][5..8]);
    }

    [Fact]
    public async Task Text_that_starts_like_a_formula_gets_an_apostrophe_but_an_amount_stays_a_number()
    {
        var card = Card("dev-issuer", -12.5m, reference: "=HYPERLINK(\"http://evil\",\"x\")");
        card.SupplierName = "@SUM(A1:A9)";
        card.TemplateName = "+cmd|' /C calc'!A0";
        card.FundingCardName = "-2+3";
        await AddAsync(_database, card);

        var text = ExportFiles.CsvText(await CsvAsync(new HistoryView()));
        var row = ExportFiles.Csv(text)[1];

        Assert.Equal(["'@SUM(A1:A9)", "'+cmd|' /C calc'!A0", "'-2+3", "-12.50"], row[2..6]);
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"x\")", row[14]);
        Assert.Contains(",-12.50,", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_view_s_filter_and_order_are_the_files()
    {
        var cards = new List<CardPurchase>();
        for (var i = 0; i < 30; i++)
        {
            cards.Add(Named(Card(i % 2 == 0 ? "dev-issuer" : "dev-admin", 10m * (i % 7) + i, currency: i % 3 == 0 ? "USD" : "MXN", createdAt: Noon.AddMinutes(i))));
        }

        await AddAsync(_database, [.. cards]);
        var view = new HistoryView { Cards = new CardHistoryFilter { Currency = "USD" }, CardSort = CardHistorySort.Amount, CardsDescending = false };

        var rows = ExportFiles.Csv(ExportFiles.CsvText(await CsvAsync(view)))[1..];

        var expected = new List<Guid>();
        await foreach (var row in Queries().StreamCardsAsync(view.Cards, view.CardSort, view.CardsDescending))
        {
            expected.Add(row.Id);
        }

        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.Equal("USD", r[6]));
        Assert.Equal(expected, rows.Select(r => Guid.Parse(r[15])));
        var amounts = rows.Select(r => decimal.Parse(r[5], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(amounts.Order(), amounts);
    }

    [Fact]
    public async Task Events_export_with_their_time_user_action_entity_and_snapshots()
    {
        var card = Named(Card("dev-issuer", 10m));
        await AddAsync(_database, card);
        await AddEventAsync(_database, card, "card.updated", "dev-admin", Noon.AddHours(1), "{\"amount\":10,\"note\":\"a, b\"}", "{\"amount\":20}");
        await AddEventAsync(_database, card, "card.revealed", "dev-auditor", Noon.AddHours(2), null, null);

        var csv = ExportFiles.Csv(ExportFiles.CsvText(await CsvAsync(new HistoryView { Tab = HistoryTab.Events, Events = new EventHistoryFilter { Action = "card.updated" } })));

        Assert.Equal(["Time (UTC)", "User", "User id", "Action", "Entity type", "Entity id", "Before", "After", "Event id"], csv[0]);
        Assert.Equal(2, csv.Count);
        Assert.Equal(["2026-11-20T13:00:00Z", "dev-admin", "dev-admin", "card.updated", "CardPurchase", card.Id.ToString(), "{\"amount\":10,\"note\":\"a, b\"}", "{\"amount\":20}"], csv[1][..8]);
    }

    [Fact]
    public async Task An_xlsx_holds_a_row_per_card_with_numeric_amounts_and_date_cells()
    {
        var card = Named(Card("dev-issuer", 1234.5m, createdAt: Noon, reference: "=1+2"));
        await AddAsync(_database, card, Named(Card("dev-admin", 7m, currency: "USD", createdAt: Noon.AddDays(-1))));

        using var destination = new MemoryStream();
        var written = await Exporter().WriteXlsxAsync(destination, new HistoryView());
        var sheet = ExportFiles.Xlsx(destination.ToArray());

        Assert.Equal(2, written);
        Assert.Equal(3, sheet.Count);
        Assert.Equal(CardHeaders, sheet[0].Select(c => c.Value));
        Assert.All(sheet, row => Assert.Equal(CardHeaders.Length, row.Length));
        var first = sheet[1];
        Assert.True(first[5].IsNumber);
        Assert.Equal(1234.5m, decimal.Parse(first[5].Value!, CultureInfo.InvariantCulture));
        Assert.Equal("MXN", first[6].Value);
        Assert.True(first[0].IsNumber);
        Assert.NotNull(first[0].Style);
        Assert.Equal(Noon.UtcDateTime, DateTime.FromOADate(double.Parse(first[0].Value!, CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(1));
        // In a workbook text is text, never a formula: no apostrophe needed.
        Assert.Equal("=1+2", first[14].Value);
        Assert.Equal("inlineStr", first[14].Type);
        Assert.Equal(card.Id.ToString(), first[15].Value);
        Assert.Equal(7m, decimal.Parse(sheet[2][5].Value!, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task Rows_reach_a_response_like_stream_batch_by_batch_before_the_export_ends(ExportFormat format)
    {
        const int Total = HistoryQueries.ExportBatchSize + 30;
        await SeedManyAsync(Total);
        // Like a response body: no seeking, no synchronous writes (which Kestrel refuses).
        var destination = new ResponseLikeStream();
        var seen = new List<(long Rows, long Bytes)>();

        var written = await Exporter().WriteAsync(destination, new HistoryView(), format, new Inline(rows => seen.Add((rows, destination.Received))));

        Assert.Equal(Total, written);
        Assert.Equal([HistoryQueries.ExportBatchSize, Total], seen.Select(s => s.Rows));
        // The first batch was in the stream while the second was still to be read.
        Assert.InRange(seen[0].Bytes, 1_000, destination.Received - 1);
        var rows = format == ExportFormat.Csv
            ? ExportFiles.Csv(ExportFiles.CsvText(destination.ToArray())).Count
            : ExportFiles.Xlsx(destination.ToArray()).Count;
        Assert.Equal(Total + 1, rows);
    }

    [Fact]
    public async Task A_cancelled_export_stops_and_says_how_many_rows_it_wrote()
    {
        await SeedManyAsync(HistoryQueries.ExportBatchSize * 2 + 10);
        using var cancel = new CancellationTokenSource();
        using var destination = new MemoryStream();
        var seen = new List<long>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Exporter().WriteCsvAsync(destination, new HistoryView(), new Inline(rows =>
        {
            seen.Add(rows);
            cancel.Cancel();
        }), cancel.Token));

        Assert.Equal([HistoryQueries.ExportBatchSize, HistoryQueries.ExportBatchSize], seen);
    }

    [Fact]
    public async Task An_issuer_cannot_export()
    {
        var exporter = new HistoryExporter(
            new HistoryQueries(_database, PortalServices.CurrentUser(TestUsers.InRole(PortalRoles.Issuer)), TimeZoneInfo.Utc), Localizer, NullLogger<HistoryExporter>.Instance);

        await Assert.ThrowsAsync<AccessDeniedException>(() => exporter.WriteCsvAsync(Stream.Null, new HistoryView()));
    }

    private async Task<byte[]> CsvAsync(HistoryView view)
    {
        using var destination = new MemoryStream();
        await Exporter().WriteCsvAsync(destination, view);
        return destination.ToArray();
    }

    private async Task SeedManyAsync(int count)
    {
        await using var db = _database.CreateDbContext();
        for (var i = 0; i < count; i++)
        {
            db.CardPurchases.Add(Named(Card("dev-issuer", 1m + i, createdAt: Noon.AddSeconds(i))));
        }

        await db.SaveChangesAsync();
    }

    private async Task AddApprovalAsync(CardPurchase card, ApprovalStatus status, int given, int required, params string[] approvers)
    {
        await using var db = _database.CreateDbContext();
        var requestId = Guid.NewGuid();
        db.ApprovalRequests.Add(new ApprovalRequest
        {
            Id = requestId, Kind = ApprovalKinds.IssueCard, Summary = "s", Amount = card.Amount, Currency = card.Currency, Status = status,
            RequestedBy = card.IssuedBy, RequestedByName = card.IssuedByName, RequiredApprovals = required, ApprovalsGiven = given, IssuedCardPurchaseId = card.Id,
        });
        foreach (var approver in approvers)
        {
            db.ApprovalDecisions.Add(new ApprovalDecision { ApprovalRequestId = requestId, ApproverSubject = approver, ApproverName = approver, Verdict = ApprovalVerdict.Approved });
        }

        await db.SaveChangesAsync();
    }

    private static CardPurchase Named(CardPurchase card)
    {
        card.SupplierName = "Aerolínea Azul";
        card.TemplateName = "Compras Generales";
        card.FundingCardName = "Clara Card Black";
        return card;
    }

    /// <summary>Progress reported on the writer's own thread, as it happens (Progress&lt;T&gt; would post it later).</summary>
    private sealed class Inline(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
