namespace ClaraPortal.E2E.Pages;

/// <summary>A card's detail page.</summary>
public sealed class CardDetailPage(IPage page)
{
    public ILocator Last4 => page.GetByTestId("card-last4");

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

    public ILocator RowOf(string last4) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = last4 });

    public Task SelectAsync(string last4) => RowOf(last4).GetByRole(AriaRole.Checkbox).CheckAsync();

    public async Task CancelSelectedAsync(string reason)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel selected" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync(reason);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel card" }).Or(
            dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel cards" })).First.ClickAsync();
    }
}
