using Bunit;
using ClaraPortal.Web.Exports;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>
/// The export buttons: what they ask the browser module to download, disabled while it runs, the progress it reports, and
/// how the export ended. The module itself is the browser's (JSInterop here; Playwright drives the real one).
/// </summary>
public sealed class HistoryExportComponentTests : PortalBunitContext
{
    private readonly BunitJSModuleInterop _module;

    public HistoryExportComponentTests()
        : base(services => services.AddSingleton(TimeProvider.System))
    {
        _module = JSInterop.SetupModule(ExportButtons.ModulePath);
        _module.SetupVoid("start", _ => true).SetVoidResult();
        _module.SetupVoid("cancel", _ => true).SetVoidResult();
    }

    private static HistoryView UsdByAmount => new() { Cards = new CardHistoryFilter { Currency = "USD" }, CardSort = CardHistorySort.Amount };

    [Fact]
    public void Both_buttons_are_ready_and_nothing_is_in_progress()
    {
        var cut = Render<HistoryExport>(p => p.Add(c => c.View, new HistoryView()));

        Assert.False(cut.Find("[data-testid=export-csv]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=export-xlsx]").HasAttribute("disabled"));
        Assert.Equal("Export CSV", cut.Find("[data-testid=export-csv]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=export-progress]"));
        Assert.Empty(cut.FindAll("[data-testid=export-cancel]"));
    }

    [Fact]
    public void A_csv_export_downloads_the_view_shows_rows_of_the_count_and_ends_with_the_rows_written()
    {
        var cut = Render<HistoryExport>(p => p.Add(c => c.View, UsdByAmount).Add(c => c.Count, new HistoryCount(20_000, false)));

        cut.Find("[data-testid=export-csv]").Click();

        var start = _module.VerifyInvoke("start");
        var id = (string)start.Arguments[0]!;
        Assert.Equal("/history/export?format=csv&currency=USD&sort=amount", start.Arguments[1]);
        Assert.Matches(@"^history-cards-\d{4}-\d{2}-\d{2}\.csv$", (string)start.Arguments[2]!);
        Assert.Equal(true, start.Arguments[3]);
        Assert.True(cut.Find("[data-testid=export-csv]").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid=export-xlsx]").HasAttribute("disabled"));
        Assert.Equal("Preparing the export…", cut.Find("[data-testid=export-progress-text]").TextContent);

        cut.InvokeAsync(() => Buttons(cut).OnExportProgress(id, 2_000_000, 12_345));
        Assert.Equal("12,345 of ~20,000 rows", cut.Find("[data-testid=export-progress-text]").TextContent);

        cut.InvokeAsync(() => Buttons(cut).OnExportFinished(id, 4_000_000, 19_999));
        Assert.Equal("Export finished: 19,999 rows", cut.Find("[data-testid=export-result]").TextContent);
        Assert.False(cut.Find("[data-testid=export-csv]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=export-cancel]"));
    }

    [Fact]
    public void An_xlsx_export_shows_the_size_received()
    {
        var cut = Render<HistoryExport>(p => p.Add(c => c.View, new HistoryView { Tab = HistoryTab.Events }).Add(c => c.Count, new HistoryCount(10_000, true)));

        cut.Find("[data-testid=export-xlsx]").Click();
        var start = _module.VerifyInvoke("start");
        var id = (string)start.Arguments[0]!;
        Assert.Equal("/history/export?format=xlsx&tab=events", start.Arguments[1]);
        Assert.Equal(false, start.Arguments[3]);

        cut.InvokeAsync(() => Buttons(cut).OnExportProgress(id, 3_355_443, 0));
        Assert.Equal("3.2 MB received", cut.Find("[data-testid=export-progress-text]").TextContent);

        cut.InvokeAsync(() => Buttons(cut).OnExportFinished(id, 3_355_443, 0));
        Assert.Equal("Export finished: 3.2 MB", cut.Find("[data-testid=export-result]").TextContent);
    }

    [Fact]
    public void Cancel_stops_the_download_and_says_so()
    {
        var cut = Render<HistoryExport>(p => p.Add(c => c.View, new HistoryView()).Add(c => c.Count, new HistoryCount(10_000, true)));
        cut.Find("[data-testid=export-csv]").Click();
        var id = (string)_module.VerifyInvoke("start").Arguments[0]!;
        cut.InvokeAsync(() => Buttons(cut).OnExportProgress(id, 500_000, 2_000));
        Assert.Equal("2,000 of more than 10,000 rows", cut.Find("[data-testid=export-progress-text]").TextContent);

        cut.Find("[data-testid=export-cancel]").Click();

        Assert.Equal(id, _module.VerifyInvoke("cancel").Arguments[0]);
        cut.InvokeAsync(() => Buttons(cut).OnExportStopped(id, "cancelled", 0));
        Assert.Equal("Export cancelled", cut.Find("[data-testid=export-result]").TextContent);
        Assert.False(cut.Find("[data-testid=export-csv]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_failed_download_is_an_alert_and_the_buttons_come_back()
    {
        var cut = Render<HistoryExport>(p => p.Add(c => c.View, new HistoryView()));
        cut.Find("[data-testid=export-csv]").Click();
        var id = (string)_module.VerifyInvoke("start").Arguments[0]!;

        cut.InvokeAsync(() => Buttons(cut).OnExportStopped(id, "failed", 500));

        var result = cut.Find("[data-testid=export-result]");
        Assert.Equal("alert", result.GetAttribute("role"));
        Assert.Equal("The export failed. Try again in a moment.", result.TextContent);
        Assert.False(cut.Find("[data-testid=export-xlsx]").HasAttribute("disabled"));
    }

    [Fact]
    public void In_spanish_the_buttons_and_progress_speak_spanish()
    {
        using var culture = new CultureScope("es-MX");
        var cut = Render<HistoryExport>(p => p.Add(c => c.View, new HistoryView()).Add(c => c.Count, new HistoryCount(3_000, false)));

        Assert.Equal("Exportar CSV", cut.Find("[data-testid=export-csv]").TextContent.Trim());
        cut.Find("[data-testid=export-csv]").Click();
        var id = (string)_module.VerifyInvoke("start").Arguments[0]!;
        cut.InvokeAsync(() => Buttons(cut).OnExportProgress(id, 1000, 1_500));
        Assert.Equal("1,500 de ~3,000 filas", cut.Find("[data-testid=export-progress-text]").TextContent);
    }

    private static ExportButtons Buttons(IRenderedComponent<HistoryExport> cut) => cut.FindComponent<ExportButtons>().Instance;
}
