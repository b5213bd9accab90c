namespace ClaraPortal.E2E.Pages;

/// <summary>The app bar's Company switcher and the heading line that says which company a page shows.</summary>
public sealed class CompanySwitcher(IPage page)
{
    public const string Operaciones = "Clara Portal Operaciones (CPO850101AB1)";
    public const string Servicios = "Clara Portal Servicios (CPS920315KX7)";

    /// <summary>The switcher's input (a MudSelect: the test id lands on its combobox input, whose value is the current label).</summary>
    public ILocator Switcher => page.GetByTestId("company-switcher");

    /// <summary>The current company as the page heading names it.</summary>
    public ILocator Current => page.GetByTestId("current-company");

    /// <summary>Chooses a company; the portal reloads in it (a fresh circuit), so this waits for the new page to be live.</summary>
    public async Task SwitchToAsync(string label)
    {
        await Switcher.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = label, Exact = true }).ClickAsync();
        await Assertions.Expect(Current).ToHaveTextAsync(label, new() { Timeout = 20_000 });
        await new ShellPage(page).WaitForInteractiveAsync();
    }
}
