using System.Text.RegularExpressions;

namespace ClaraPortal.E2E.Pages;

/// <summary>History for auditors: the Cards tab's filters and grid, and a card's timeline.</summary>
public sealed partial class HistoryPage(IPage page)
{
    public ILocator CardsGrid => page.GetByTestId("history-cards-grid");

    public ILocator SupplierCells => CardsGrid.GetByTestId("history-row-supplier");

    public ILocator TimelineEvents => page.GetByTestId("card-event");

    public ILocator CardFacts => page.GetByTestId("history-card-facts");

    /// <summary>The link from a card's row to its timeline (by id: two cards may share their last four).</summary>
    public ILocator CardLink(Guid cardId) => CardsGrid.Locator($"a[data-testid=history-card-link][href^='/history/cards/{cardId}']");

    public async Task OpenAsync()
    {
        await new ShellPage(page).Navigation.GetByRole(AriaRole.Link, new() { Name = "History", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == Routes.History, new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(CardsGrid).ToBeVisibleAsync();
    }

    /// <summary>
    /// Searches and picks a supplier in the filters, then waits for the address to hold it: a pick the picker did not take
    /// (a click on a list being replaced by newer results, or a list that never opened) is made again.
    /// </summary>
    public async Task FilterBySupplierAsync(string search)
    {
        var supplier = page.GetByLabel("Supplier", new() { Exact = true });
        for (var attempt = 1; ; attempt++)
        {
            await supplier.ClickAsync();
            await supplier.FillAsync("");
            await supplier.PressSequentiallyAsync(search, new() { Delay = 30 });
            try
            {
                // On a busy machine the search's answer (or the keystrokes) can be lost; then the list never opens.
                await page.Locator(".mud-popover-open").GetByText(search).First.ClickAsync(new() { Timeout = 10_000 });
                await Assertions.Expect(page).ToHaveURLAsync(SupplierInAddress(), new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
                // Not taken: close whatever is open, search and pick again.
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    public async Task OpenTimelineAsync(Guid cardId)
    {
        await CardLink(cardId).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/history/cards/{cardId}"));
        await new ShellPage(page).WaitForInteractiveAsync();
    }

    [GeneratedRegex(@"/history\?(.*&)?supplier=\d+")]
    private static partial Regex SupplierInAddress();
}
