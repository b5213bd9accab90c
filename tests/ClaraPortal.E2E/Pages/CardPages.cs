namespace ClaraPortal.E2E.Pages;

/// <summary>A card's detail page.</summary>
public sealed class CardDetailPage(IPage page)
{
    public ILocator Last4 => page.GetByTestId("card-last4");

    /// <summary>The card's own status chip in the heading (the events timeline below also says "Cancelled").</summary>
    public ILocator Status => page.GetByTestId("card-status");

    /// <summary>The card's id, from the address (<c>/cards/{id}</c>).</summary>
    public Guid Id => Guid.Parse(new Uri(page.Url).Segments[^1]);

    /// <summary>Clara's purchase id, from the card's facts.</summary>
    public async Task<long> ClaraPurchaseIdAsync()
    {
        var row = page.GetByTestId("card-facts").GetByRole(AriaRole.Row).Filter(new() { HasText = "Clara purchase id" });
        return long.Parse(await row.Locator("td").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task CancelAsync(string reason)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel card", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync(reason);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel card", Exact = true }).ClickAsync();
    }
}

/// <summary>The "Cards" list with its multi-select and bulk cancel.</summary>
public sealed class CardsListPage(IPage page)
{
    public async Task OpenAsync()
    {
        await new ShellPage(page).Navigation.GetByRole(AriaRole.Link, new() { Name = "Cards", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/cards", new() { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>
    /// The row linking to the card. By id, not by last four: two random cards can share their last four, and four
    /// digits also turn up in amounts and dates of other rows.
    /// </summary>
    public ILocator RowOf(Guid cardId) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator($"a[href='/cards/{cardId}']") });

    public Task SelectAsync(Guid cardId) => RowOf(cardId).GetByRole(AriaRole.Checkbox).CheckAsync();

    public async Task CancelSelectedAsync(string reason)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel selected" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync(reason);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel card" }).Or(
            dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel cards" })).First.ClickAsync();
    }
}
