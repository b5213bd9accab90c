namespace ClaraPortal.E2E.Pages;

/// <summary>The home page: each role's panels and the spend charts with their tables.</summary>
public sealed class DashboardHome(IPage page)
{
    public ILocator SupplierChart => page.GetByTestId("dashboard-chart-supplier");

    public ILocator TemplateChart => page.GetByTestId("dashboard-chart-template");

    public ILocator MonthChart => page.GetByTestId("dashboard-chart-month");

    public ILocator Panel(string role) => page.GetByTestId($"dashboard-{role}");

    /// <summary>The drawn chart (an SVG MudChart renders), hidden from screen readers in favour of the table.</summary>
    public static ILocator Drawing(ILocator chart) => chart.Locator("[data-testid$='-chart'] svg").First;

    public static ILocator RowNamed(ILocator chart, string name) =>
        chart.GetByTestId("spend-row").Filter(new() { Has = chart.Page.GetByTestId("spend-row-name").Filter(new() { HasText = name }) });
}
