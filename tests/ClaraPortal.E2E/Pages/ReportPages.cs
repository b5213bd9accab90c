namespace ClaraPortal.E2E.Pages;

/// <summary>The Reports page: the New report form and the company's reports, newest first.</summary>
public sealed class ReportsPage(IPage page)
{
    public ILocator Form => page.GetByTestId("new-report");

    public ILocator Start => page.GetByTestId("new-report-start");

    /// <summary>The list's rows (each links to its report).</summary>
    public ILocator Rows => page.GetByTestId("reports-list").Locator("tbody tr").Filter(new() { Has = page.GetByTestId("report-link") });

    public async Task OpenAsync()
    {
        await new ShellPage(page).Navigation.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == Routes.Reports, new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(Form).ToBeVisibleAsync();
    }

    /// <summary>Starts a report as the form offers it: the last 30 days, clearing.</summary>
    public Task StartAsync() => Start.ClickAsync();

    public static ILocator StateOf(ILocator row) => row.GetByTestId("report-state");

    public static Task OpenAsync(ILocator row) => row.GetByTestId("report-link").ClickAsync();
}

/// <summary>A report's page: where it stands, its lines and their export.</summary>
public sealed class ReportDetailPage(IPage page)
{
    public ILocator State => page.GetByTestId("report-state");

    public ILocator Lines => page.GetByTestId("report-lines").Locator("tbody tr").Filter(new() { Has = page.GetByTestId("report-line-purchase") });

    /// <summary>The line of Clara purchase <paramref name="purchaseId"/>.</summary>
    public ILocator LineOf(long purchaseId) =>
        Lines.Filter(new() { Has = page.GetByTestId("report-line-purchase").GetByText(purchaseId.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Exact = true }) });

    public ExportControls Export => new(page, ExportControls.Report);
}
